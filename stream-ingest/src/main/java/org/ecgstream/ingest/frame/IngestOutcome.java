package org.ecgstream.ingest.frame;

import org.ecgstream.schemas.RejectedRecord;

/** What a stage of ingest made of a record: the frame to pass on, or the dead letter that explains why not. */
public record IngestOutcome(ReceivedFrame accepted, RejectedRecord rejected) {

  public static IngestOutcome accept(ReceivedFrame frame) {
    return new IngestOutcome(frame, null);
  }

  public static IngestOutcome reject(RejectedRecord rejected) {
    return new IngestOutcome(null, rejected);
  }

  public boolean isAccepted() {
    return accepted != null;
  }
}
