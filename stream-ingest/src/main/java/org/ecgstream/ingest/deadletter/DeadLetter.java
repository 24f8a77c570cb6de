package org.ecgstream.ingest.deadletter;

import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.ecgstream.schemas.RejectedRecord;

/** Builds the dead-letter record for a refused input, keeping its original bytes and origin. */
public final class DeadLetter {

  public static final String REJECTED_BY = "stream-ingest";

  private DeadLetter() {}

  public static RejectedRecord of(
      RejectReason reason, String detail, RecordMetadata origin, byte[] key, byte[] value, long nowMillis) {
    return RejectedRecord.newBuilder()
        .setReasonCode(reason.name())
        .setDetail(detail)
        .setSourceTopic(origin == null ? "unknown" : origin.topic())
        .setSourcePartition(origin == null ? -1 : origin.partition())
        .setSourceOffset(origin == null ? -1 : origin.offset())
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setRejectedBy(REJECTED_BY)
        .setRejectedAtMillis(nowMillis)
        .build();
  }
}
