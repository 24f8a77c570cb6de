package org.ecgstream.core.wfdb;

import java.io.IOException;

/** A WFDB file that is missing, malformed or in a format this reader does not support; names the file. */
public final class WfdbFormatException extends IOException {

  public WfdbFormatException(String message) {
    super(message);
  }

  public WfdbFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
