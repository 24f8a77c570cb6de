package org.ecgstream.ingest.deadletter;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three error hooks, each turning the record that failed into a dead letter on the
 * dead-letter topic and resuming, so that no poison record stops the app: a record that does not
 * deserialise, a record a processor fails on (a bug, {@code PROCESSING_ERROR}), and an output record
 * the producer cannot write ({@code UNDELIVERABLE}: too large, not serialisable; retriable errors
 * are retried). The dead letter carries the original input record's bytes and origin.
 *
 * <p>Kafka instantiates these by class name; they find the dead-letter topic and the metrics in the
 * app's properties ({@link IngestConfig#TOPIC_DLQ}, {@link #METRICS}).
 */
public final class DeadLetterHandlers
    implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {

  /** Property holding the app's {@link IngestMetrics} instance (not a string: set in code). */
  public static final String METRICS = "ingest.metrics.instance";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private String deadLetterTopic = IngestConfig.TOPIC_DLQ.defaultValue();
  private IngestMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(IngestConfig.TOPIC_DLQ.name());
    if (topic != null) {
      deadLetterTopic = topic.toString();
    }
    Object m = configs.get(METRICS);
    metrics = m instanceof IngestMetrics im ? im : null;
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    LOG.warn("event=ingest_undeserialisable topic={} partition={} offset={} cause={}",
        record.topic(), record.partition(), record.offset(), exception.toString());
    return DeserializationExceptionHandler.Response.resume(deadLetter(RejectReason.UNDECODABLE, "record does not deserialise: " + exception,
        record.topic(), record.partition(), record.offset(), record.key(), record.value()));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    LOG.error("event=ingest_processing_failed node={} topic={} partition={} offset={} cause={}",
        context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception.toString(), exception);
    return ProcessingExceptionHandler.Response.resume(deadLetter(RejectReason.PROCESSING_ERROR,
        "ingest failed on this record at " + context.processorNodeId() + ": " + exception,
        context.topic(), context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue()));
  }

  @Override
  public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
      Exception exception) {
    if (exception instanceof RetriableException) {
      return ProductionExceptionHandler.Response.retry();
    }
    LOG.error("event=ingest_output_failed topic={} source_topic={} source_offset={} cause={}",
        record.topic(), context.topic(), context.offset(), exception.toString());
    if (deadLetterTopic.equals(record.topic()) && exception instanceof RecordTooLargeException) {
      // The dead letter itself is too large (it carries the input): keep its origin, drop the bytes.
      return ProductionExceptionHandler.Response.resume(deadLetter(RejectReason.UNDELIVERABLE,
          "dead letter too large for the topic, original bytes left out: " + exception,
          context.topic(), context.partition(), context.offset(), context.sourceRawKey(), null));
    }
    return ProductionExceptionHandler.Response.resume(deadLetter(RejectReason.UNDELIVERABLE,
        "output to " + record.topic() + " could not be written: " + exception,
        context.topic(), context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue()));
  }

  @Override
  public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record,
      Exception exception, SerializationExceptionOrigin origin) {
    LOG.error("event=ingest_output_unserialisable topic={} origin={} cause={}", record.topic(), origin, exception.toString());
    return ProductionExceptionHandler.Response.resume(deadLetter(RejectReason.UNDELIVERABLE,
        "output to " + record.topic() + " does not serialise (" + origin + "): " + exception,
        context.topic(), context.partition(), context.offset(), context.sourceRawKey(), context.sourceRawValue()));
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(RejectReason reason, String detail, String topic, int partition,
      long offset, byte[] key, byte[] value) {
    if (metrics != null) {
      metrics.deadLettered(reason);
    }
    RejectedRecord rejected = DeadLetter.of(reason, detail, topic, partition, offset, key, value, System.currentTimeMillis());
    return List.of(new ProducerRecord<>(deadLetterTopic, key, EcgSerdes.rejectedRecords().serialize(rejected)));
  }
}
