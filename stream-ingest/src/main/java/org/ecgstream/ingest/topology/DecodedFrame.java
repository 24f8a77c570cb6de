package org.ecgstream.ingest.topology;

import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.RejectedRecord;

/** A raw record after decoding: either a frame or the dead letter that explains why not. */
public record DecodedFrame(EcgFrame frame, RejectedRecord rejected) {

  public static DecodedFrame ok(EcgFrame frame) {
    return new DecodedFrame(frame, null);
  }

  public static DecodedFrame rejected(RejectedRecord rejected) {
    return new DecodedFrame(null, rejected);
  }

  public boolean isOk() {
    return frame != null;
  }
}
