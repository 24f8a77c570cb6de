package org.ecgstream.flink.models;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads ecg.models records. One that does not decode (or a compaction tombstone) is skipped with
 * a warning: the registry must never stop the alarm job.
 */
public class ModelVersionDeserializer implements KafkaRecordDeserializationSchema<ModelVersion> {

  private static final Logger LOG = LoggerFactory.getLogger(ModelVersionDeserializer.class);

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    AvroSafety.install();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelVersion> out) {
    if (record.value() == null) {
      return;
    }
    try {
      out.collect(EcgSerdes.modelVersions().deserialize(record.value()));
    } catch (RecordDecodingException e) {
      LOG.warn("model.record.unreadable topic={} partition={} offset={} reason=\"{}\"", record.topic(),
          record.partition(), record.offset(), e.getMessage());
    }
  }

  @Override
  public TypeInformation<ModelVersion> getProducedType() {
    return TypeInformation.of(ModelVersion.class);
  }
}
