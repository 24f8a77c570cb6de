package org.ecgstream.flink.io;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/** Reads ecg.acks records; an unreadable one becomes a dead letter instead of failing the job. */
public class AckRecordDeserializer implements KafkaRecordDeserializationSchema<AckRecord> {

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    AvroSafety.install();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AckRecord> out) {
    AckRecord result = new AckRecord();
    try {
      result.ack = EcgSerdes.acks().deserialize(record.value());
    } catch (RecordDecodingException e) {
      result.rejected = FrameRecordDeserializer.rejected(record, "UNDECODABLE", e.reason() + ": " + e.getMessage());
    }
    out.collect(result);
  }

  @Override
  public TypeInformation<AckRecord> getProducedType() {
    return TypeInformation.of(AckRecord.class);
  }
}
