package org.ecgstream.flink.io;

import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.RejectedRecord;

/** What the frames source yields: a decoded frame, or the dead letter of a record it could not read. */
public class FrameRecord {
  public EcgFrame frame;
  public RejectedRecord rejected;

  public FrameRecord() {}

  public static FrameRecord of(EcgFrame frame) {
    FrameRecord r = new FrameRecord();
    r.frame = frame;
    return r;
  }

  public static FrameRecord rejected(RejectedRecord rejected) {
    FrameRecord r = new FrameRecord();
    r.rejected = rejected;
    return r;
  }
}
