package org.ecgstream.core.testdata;

import java.nio.file.Files;
import java.nio.file.Path;

/** The default model bundle committed in the repository's {@code models/} folder. */
public final class DefaultBundle {

  public static final String NAME = "cmelt-tiny";

  private DefaultBundle() {}

  /** Its folder; fails the test when it is missing (it is part of the repository, not optional). */
  public static Path dir() {
    Path dir = Path.of(System.getProperty("ecg.models", "../models")).resolve(NAME).normalize();
    if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
      throw new IllegalStateException("default model bundle missing at " + dir.toAbsolutePath()
          + " (it is committed in models/; rebuild it as docs/model-card.md describes)");
    }
    return dir;
  }
}
