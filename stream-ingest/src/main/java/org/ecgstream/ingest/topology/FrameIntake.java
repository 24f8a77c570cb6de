package org.ecgstream.ingest.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.ecgstream.ingest.binding.PatientBinding;
import org.ecgstream.ingest.deadletter.DeadLetter;
import org.ecgstream.ingest.deadletter.RejectReason;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/**
 * Turns the bytes a device sent into a patient-bound frame, or into a dead letter that keeps the
 * original bytes, the reason and where the record came from. It never throws on bad input, so no
 * poison record stops the app.
 */
public final class FrameIntake implements FixedKeyProcessor<String, byte[], DecodedFrame> {

  private final String admissionsStoreName;
  private FixedKeyProcessorContext<String, DecodedFrame> context;
  private TimestampedKeyValueStore<String, Admission> admissions;

  public FrameIntake(String admissionsStoreName) {
    this.admissionsStoreName = admissionsStoreName;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, DecodedFrame> context) {
    this.context = context;
    this.admissions = context.getStateStore(admissionsStoreName);
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    EcgFrame frame;
    try {
      frame = EcgSerdes.frames().deserialize(record.value());
    } catch (RecordDecodingException e) {
      reject(record, RejectReason.UNDECODABLE, e.reason() + ": " + e.getMessage());
      return;
    }
    ValueAndTimestamp<Admission> admission = admissions.get(frame.getDeviceId());
    String unbound = PatientBinding.unboundReason(frame, admission == null ? null : admission.value());
    if (unbound != null) {
      reject(record, RejectReason.UNBOUND_DEVICE, unbound);
      return;
    }
    context.forward(record.withValue(DecodedFrame.ok(PatientBinding.bind(frame, admission.value()))));
  }

  private void reject(FixedKeyRecord<String, byte[]> record, RejectReason reason, String detail) {
    byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
    context.forward(record.withValue(DecodedFrame.rejected(DeadLetter.of(
        reason, detail, context.recordMetadata().orElse(null), key, record.value(), System.currentTimeMillis()))));
  }
}
