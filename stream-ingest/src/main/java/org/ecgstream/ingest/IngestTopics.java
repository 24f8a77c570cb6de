package org.ecgstream.ingest;

import org.ecgstream.core.topics.EcgTopics;

/** The topics the ingest app reads and writes; defaults from {@link EcgTopics}. */
public record IngestTopics(String raw, String admissions, String frames, String deadLetters) {

  public static IngestTopics defaults() {
    return new IngestTopics(EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), EcgTopics.FRAMES.name(), EcgTopics.DLQ.name());
  }
}
