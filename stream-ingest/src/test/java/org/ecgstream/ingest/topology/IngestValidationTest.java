package org.ecgstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.ingest.topology.IngestHarness.T0;
import static org.ecgstream.ingest.topology.IngestHarness.bytesOf;
import static org.ecgstream.ingest.topology.IngestHarness.frame;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.ingest.deadletter.RejectReason;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every validation rule, stated as data: what the device sends, and the reason code it must be
 * dead-lettered with (original bytes and origin kept). A valid frame after it still goes through.
 */
class IngestValidationTest {

  private static final String DEVICE = "monitor-7";

  private IngestHarness ingest;

  @BeforeEach
  void start() {
    ingest = new IngestHarness();
    ingest.admit(DEVICE, "patient-42", "bed-7", T0);
  }

  @AfterEach
  void stop() {
    ingest.close();
  }

  static Stream<Arguments> badRecords() {
    byte[] valid = EcgSerdes.frames().serialize(frame(DEVICE, 0));
    byte[] wrongFingerprint = valid.clone();
    wrongFingerprint[5] ^= 0x5A;
    return Stream.of(
        bytes("no bytes at all", DEVICE, new byte[0], RejectReason.UNDECODABLE),
        bytes("text, not Avro", DEVICE, "not an ECG frame".getBytes(StandardCharsets.UTF_8), RejectReason.UNDECODABLE),
        bytes("truncated body", DEVICE, Arrays.copyOf(valid, valid.length / 2), RejectReason.UNDECODABLE),
        bytes("unknown schema fingerprint", DEVICE, wrongFingerprint, RejectReason.UNDECODABLE),
        bytes("key is another device", "monitor-8", valid, RejectReason.KEY_MISMATCH),
        broken("negative sequence number", f -> f.setSeq(-1), RejectReason.INVALID_SEQUENCE),
        broken("no leads", f -> f.setLeads(List.of()).setSamples(List.of()), RejectReason.INVALID_LEADS),
        broken("13 leads", f -> f.setLeads(List.of(Lead.values())), RejectReason.INVALID_LEADS),
        broken("lead twice", f -> f.setLeads(List.of(Lead.II, Lead.II)).setSamples(List.of(lead(125), lead(125))),
            RejectReason.INVALID_LEADS),
        broken("unknown lead", f -> f.setLeads(List.of(Lead.UNKNOWN)), RejectReason.INVALID_LEADS),
        broken("two sample arrays for one lead", f -> f.setSamples(List.of(lead(125), lead(125))), RejectReason.INVALID_LEADS),
        broken("lead-off flags for two leads", f -> f.setLeadOff(List.of(false, true)), RejectReason.INVALID_LEADS),
        broken("sample rate 0", f -> f.setSampleRateHz(0), RejectReason.UNSUPPORTED_SAMPLE_RATE),
        broken("negative sample rate", f -> f.setSampleRateHz(-500), RejectReason.UNSUPPORTED_SAMPLE_RATE),
        broken("sample rate 123 Hz", f -> f.setSampleRateHz(123), RejectReason.UNSUPPORTED_SAMPLE_RATE),
        broken("gain NaN", f -> f.setGainPerMv(Float.NaN), RejectReason.INVALID_GAIN),
        broken("gain infinite", f -> f.setGainPerMv(Float.POSITIVE_INFINITY), RejectReason.INVALID_GAIN),
        broken("gain 0", f -> f.setGainPerMv(0f), RejectReason.INVALID_GAIN),
        broken("gain negative", f -> f.setGainPerMv(-200f), RejectReason.INVALID_GAIN),
        broken("gain 1e9", f -> f.setGainPerMv(1e9f), RejectReason.INVALID_GAIN),
        broken("baseline off the int16 scale", f -> f.setBaselineAdc(70_000), RejectReason.INVALID_GAIN),
        broken("odd number of sample bytes", f -> f.setSamples(List.of(java.nio.ByteBuffer.wrap(new byte[249]))),
            RejectReason.INVALID_FRAME_LENGTH),
        broken("leads of different lengths", f -> f.setLeads(List.of(Lead.I, Lead.II)).setSamples(List.of(lead(125), lead(124))),
            RejectReason.INVALID_FRAME_LENGTH),
        broken("no samples", f -> f.setSamples(List.of(lead(0))), RejectReason.INVALID_FRAME_LENGTH),
        broken("2 samples: a 4 ms frame", f -> f.setSamples(List.of(lead(2))), RejectReason.INVALID_FRAME_LENGTH),
        broken("500,000 samples: a 1000 s frame", f -> f.setSamples(List.of(lead(500_000))), RejectReason.INVALID_FRAME_LENGTH),
        broken("device clock 1 h ahead", f -> f.setDeviceTimeMillis(T0 + 3_600_000), RejectReason.DEVICE_TIME_OUT_OF_RANGE),
        broken("device clock 2 days behind", f -> f.setDeviceTimeMillis(T0 - 2 * 86_400_000L), RejectReason.DEVICE_TIME_OUT_OF_RANGE),
        broken("a 35 mV sample", f -> f.setSamples(List.of(leadWith(60, (short) 7000))), RejectReason.SAMPLE_OUT_OF_RANGE),
        broken("a -20 V sample at gain 1", f -> f.setGainPerMv(1f).setSamples(List.of(leadWith(3, (short) -20_000))),
            RejectReason.SAMPLE_OUT_OF_RANGE));
  }

  @ParameterizedTest(name = "{0} -> {3}")
  @MethodSource("badRecords")
  void badRecordIsDeadLetteredWithItsReasonAndOriginalBytes(String what, String key, byte[] value, RejectReason expected) {
    byte[] good = EcgSerdes.frames().serialize(frame(DEVICE, 0));

    ingest.send(key, value);
    ingest.send(DEVICE, good);

    List<RejectedRecord> rejected = ingest.deadLettersOut();
    assertThat(rejected).hasSize(1);
    RejectedRecord dead = rejected.get(0);
    assertThat(dead.getReasonCode()).as(dead.getDetail()).isEqualTo(expected.name());
    assertThat(dead.getDetail()).isNotBlank();
    assertThat(dead.getRejectedBy()).isEqualTo("stream-ingest");
    assertThat(dead.getSourceTopic()).isEqualTo(ingest.config.topics().raw());
    assertThat(dead.getSourceOffset()).isZero();
    assertThat(bytesOf(dead.getOriginalValue())).isEqualTo(value);
    assertThat(bytesOf(dead.getOriginalKey())).isEqualTo(key.getBytes(StandardCharsets.UTF_8));
    assertThat(ingest.seqsOut()).containsExactly(0L);
    assertThat(ingest.metrics.deadLetters(expected)).isEqualTo(1);
  }

  @Test
  void frameWithinEveryRuleIsAccepted() {
    ingest.send(frame(DEVICE, 0, T0 + 60_000));

    assertThat(ingest.seqsOut()).containsExactly(0L);
    assertThat(ingest.deadLettersOut()).isEmpty();
  }

  @Test
  void samplesAtTheAdcRailAreNotOutOfRangeButFlaggedSaturated() {
    ingest.send(EcgFrame.newBuilder(frame(DEVICE, 0)).setSamples(List.of(leadWith(10, Short.MAX_VALUE))).build());

    EcgFrame out = ingest.framesOut().get(0).value;
    assertThat(out.getQuality().getSaturated()).containsExactly(true);
  }

  private static Arguments bytes(String what, String key, byte[] value, RejectReason expected) {
    return Arguments.of(what, key, value, expected);
  }

  private static Arguments broken(String what, UnaryOperator<EcgFrame.Builder> change, RejectReason expected) {
    EcgFrame bad = change.apply(EcgFrame.newBuilder(frame(DEVICE, 0))).build();
    return Arguments.of(what, DEVICE, EcgSerdes.frames().serialize(bad), expected);
  }

  private static java.nio.ByteBuffer lead(int samples) {
    return Int16Samples.pack(new short[samples]);
  }

  private static java.nio.ByteBuffer leadWith(int index, short value) {
    short[] adc = new short[125];
    adc[index] = value;
    return Int16Samples.pack(adc);
  }
}
