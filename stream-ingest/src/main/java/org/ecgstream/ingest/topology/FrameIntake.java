package org.ecgstream.ingest.topology;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.ecgstream.ingest.deadletter.DeadLetter;
import org.ecgstream.ingest.deadletter.RejectReason;
import org.ecgstream.ingest.frame.DeviceFrameDecoder;
import org.ecgstream.ingest.frame.IngestOutcome;
import org.ecgstream.ingest.frame.RawRecord;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.ingest.validation.FrameValidator;
import org.ecgstream.ingest.validation.Violation;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.RecordDecodingException;

/**
 * First stage: decodes the bytes a device sent and validates the frame; what fails becomes a dead
 * letter with the reason, the original bytes and where the record came from. Never throws on bad
 * input, so no poison record stops the app.
 */
final class FrameIntake implements Processor<String, byte[], String, IngestOutcome> {

  private final FrameValidator validator;
  private final IngestMetrics metrics;
  private ProcessorContext<String, IngestOutcome> context;

  FrameIntake(FrameValidator validator, IngestMetrics metrics) {
    this.validator = validator;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, IngestOutcome> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, byte[]> record) {
    metrics.recordIn();
    long now = context.currentSystemTimeMs();
    RawRecord raw = raw(record, now);
    EcgFrame frame;
    try {
      frame = DeviceFrameDecoder.decode(record.value());
    } catch (RecordDecodingException e) {
      reject(record, raw, RejectReason.UNDECODABLE, e.reason() + ": " + e.getMessage(), now);
      return;
    }
    Violation violation = validator.check(record.key(), frame, now);
    if (violation != null) {
      reject(record, raw, violation.reason(), violation.detail(), now);
      return;
    }
    context.forward(record.withValue(IngestOutcome.accept(new ReceivedFrame(frame, raw, 0))));
  }

  private RawRecord raw(Record<String, byte[]> record, long now) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    byte[] key = record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new RawRecord(origin == null ? "unknown" : origin.topic(), origin == null ? -1 : origin.partition(),
        origin == null ? -1 : origin.offset(), key, record.value(), now, record.timestamp());
  }

  private void reject(Record<String, byte[]> record, RawRecord raw, RejectReason reason, String detail, long now) {
    metrics.deadLettered(reason);
    context.forward(record.withValue(IngestOutcome.reject(DeadLetter.of(reason, detail, raw, now))));
  }
}
