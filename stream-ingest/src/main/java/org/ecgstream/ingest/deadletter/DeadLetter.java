package org.ecgstream.ingest.deadletter;

import java.nio.ByteBuffer;
import org.ecgstream.ingest.frame.RawRecord;
import org.ecgstream.schemas.RejectedRecord;

/** Builds the dead-letter record for a refused input, keeping its original bytes and origin. */
public final class DeadLetter {

  public static final String REJECTED_BY = "stream-ingest";

  private DeadLetter() {}

  public static RejectedRecord of(RejectReason reason, String detail, RawRecord raw, long nowMillis) {
    return of(reason, detail, raw.topic(), raw.partition(), raw.offset(), raw.key(), raw.value(), nowMillis);
  }

  public static RejectedRecord of(RejectReason reason, String detail, String topic, int partition, long offset,
      byte[] key, byte[] value, long nowMillis) {
    return RejectedRecord.newBuilder()
        .setReasonCode(reason.name())
        .setDetail(detail)
        .setSourceTopic(topic == null ? "unknown" : topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setRejectedBy(REJECTED_BY)
        .setRejectedAtMillis(nowMillis)
        .build();
  }
}
