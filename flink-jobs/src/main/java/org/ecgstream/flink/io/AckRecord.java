package org.ecgstream.flink.io;

import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.RejectedRecord;

/** What the acknowledgements source yields: an ack, or the dead letter of a record it could not read. */
public class AckRecord {
  public AlarmAck ack;
  public RejectedRecord rejected;

  public AckRecord() {}
}
