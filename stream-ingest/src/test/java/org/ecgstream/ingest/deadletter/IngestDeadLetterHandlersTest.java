package org.ecgstream.ingest.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kafka Streams' error hooks turn the failed record into a dead letter and resume, never stopping the app. */
class IngestDeadLetterHandlersTest {

  private static final byte[] KEY = "monitor-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] VALUE = {(byte) 0xC3, 0x01, 9, 9};

  private final IngestMetrics metrics = IngestMetrics.inMemory();
  private final DeadLetterHandlers handlers = new DeadLetterHandlers();

  @BeforeEach
  void configure() {
    handlers.configure(Map.of(IngestConfig.TOPIC_DLQ.name(), "site.dlq", DeadLetterHandlers.METRICS, metrics));
  }

  @Test
  void recordThatDoesNotDeserialiseIsDeadLetteredUndecodableAndProcessingResumes() {
    var response = handlers.handleError(context(), new ConsumerRecord<>("ecg.raw", 2, 77L, KEY, VALUE), new RuntimeException("bad"));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    assertDeadLetter(response.deadLetterQueueRecords(), "UNDECODABLE", VALUE);
    assertThat(metrics.deadLetters(RejectReason.UNDECODABLE)).isEqualTo(1);
  }

  @Test
  void recordAProcessorFailsOnIsDeadLetteredAsProcessingErrorWithTheSourceBytes() {
    var response = handlers.handleError(context(), new Record<>("monitor-1", "x", 0L), new IllegalStateException("bug"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    RejectedRecord dead = assertDeadLetter(response.deadLetterQueueRecords(), "PROCESSING_ERROR", VALUE);
    assertThat(dead.getDetail()).contains("sequencer").contains("bug");
  }

  @Test
  void outputTooLargeIsDeadLetteredUndeliverableAndRetriableErrorsAreRetried() {
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("ecg.frames", KEY, new byte[10]);

    var tooLarge = handlers.handleError(context(), out, new RecordTooLargeException("too large"));
    var timeout = handlers.handleError(context(), out, new TimeoutException("slow broker"));

    assertThat(tooLarge.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    assertDeadLetter(tooLarge.deadLetterQueueRecords(), "UNDELIVERABLE", VALUE);
    assertThat(timeout.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
  }

  @Test
  void deadLetterTooLargeForItsTopicIsKeptWithoutTheOriginalBytes() {
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>("site.dlq", KEY, new byte[10]);

    var response = handlers.handleError(context(), dead, new RecordTooLargeException("too large"));

    assertDeadLetter(response.deadLetterQueueRecords(), "UNDELIVERABLE", null);
  }

  private static RejectedRecord assertDeadLetter(List<ProducerRecord<byte[], byte[]>> records, String reason, byte[] original) {
    assertThat(records).hasSize(1);
    assertThat(records.get(0).topic()).isEqualTo("site.dlq");
    assertThat(records.get(0).key()).isEqualTo(KEY);
    RejectedRecord dead = EcgSerdes.rejectedRecords().deserialize(records.get(0).value());
    assertThat(dead.getReasonCode()).isEqualTo(reason);
    assertThat(dead.getSourceTopic()).isEqualTo("ecg.raw");
    assertThat(dead.getSourcePartition()).isEqualTo(2);
    assertThat(dead.getSourceOffset()).isEqualTo(77L);
    if (original == null) {
      assertThat(dead.getOriginalValue()).isNull();
    } else {
      byte[] bytes = new byte[dead.getOriginalValue().remaining()];
      dead.getOriginalValue().duplicate().get(bytes);
      assertThat(bytes).isEqualTo(original);
    }
    return dead;
  }

  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      @Override public String topic() { return "ecg.raw"; }
      @Override public int partition() { return 2; }
      @Override public long offset() { return 77L; }
      @Override public Headers headers() { return new RecordHeaders(); }
      @Override public String processorNodeId() { return "sequencer"; }
      @Override public TaskId taskId() { return new TaskId(0, 2); }
      @Override public long timestamp() { return 0L; }
      @Override public byte[] sourceRawKey() { return KEY; }
      @Override public byte[] sourceRawValue() { return VALUE; }
    };
  }
}
