package org.ecgstream.flink.io;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.schemas.serde.RecordDecodingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted control topic the job follows but does not own (ecg.models, ecg.admissions):
 * a record that does not decode, or a compaction tombstone, is skipped with one warning line, so
 * a bad control record never stops the alarm job. The topic's owner dead-letters it.
 */
public abstract class SkippingDeserializer<T> implements KafkaRecordDeserializationSchema<T> {

  private static final Logger LOG = LoggerFactory.getLogger(SkippingDeserializer.class);

  private final Class<T> type;
  private final String what;

  protected SkippingDeserializer(Class<T> type, String what) {
    this.type = type;
    this.what = what;
  }

  /** Decodes one record value. */
  protected abstract T decode(byte[] value) throws RecordDecodingException;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    AvroSafety.install();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    if (record.value() == null) {
      return;
    }
    try {
      out.collect(decode(record.value()));
    } catch (RecordDecodingException e) {
      LOG.warn("{}.record.unreadable topic={} partition={} offset={} reason=\"{}\"", what, record.topic(),
          record.partition(), record.offset(), e.getMessage());
    }
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }
}
