package org.ecgstream.flink.io;

import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/**
 * Reads ecg.frames records. A record that does not decode, or has no patient, is not dropped and
 * does not fail the job: it becomes a dead letter with its original bytes and origin.
 */
public class FrameRecordDeserializer implements KafkaRecordDeserializationSchema<FrameRecord> {

  public static final String REJECTED_BY = "flink-alarms";

  @Override
  public void open(org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext context) {
    AvroSafety.install();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<FrameRecord> out) {
    try {
      var frame = EcgSerdes.frames().deserialize(record.value());
      if (frame.getPatientId() == null) {
        out.collect(FrameRecord.rejected(rejected(record, "UNBOUND_FRAME", "frame on the frames topic has no patient id")));
      } else {
        out.collect(FrameRecord.of(frame));
      }
    } catch (RecordDecodingException e) {
      out.collect(FrameRecord.rejected(rejected(record, "UNDECODABLE", e.reason() + ": " + e.getMessage())));
    }
  }

  static RejectedRecord rejected(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
    return RejectedRecord.newBuilder()
        .setReasonCode(reason)
        .setDetail(detail)
        .setSourceTopic(record.topic())
        .setSourcePartition(record.partition())
        .setSourceOffset(record.offset())
        .setOriginalKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
        .setOriginalValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
        .setRejectedBy(REJECTED_BY)
        .setRejectedAtMillis(System.currentTimeMillis())
        .build();
  }

  @Override
  public TypeInformation<FrameRecord> getProducedType() {
    return TypeInformation.of(FrameRecord.class);
  }
}
