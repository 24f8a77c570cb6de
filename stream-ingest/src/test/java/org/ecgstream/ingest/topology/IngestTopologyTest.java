package org.ecgstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.ingest.IngestTopics;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pass-through ingest: bind frames to patients, dead-letter what cannot be read or bound. */
class IngestTopologyTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final IngestTopics TOPICS = IngestTopics.defaults();

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> raw;
  private TestInputTopic<String, byte[]> admissions;
  private TestOutputTopic<String, byte[]> frames;
  private TestOutputTopic<String, byte[]> deadLetters;

  @BeforeEach
  void startDriver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver = new TopologyTestDriver(IngestTopology.build(TOPICS), props);
    raw = driver.createInputTopic(TOPICS.raw(), new StringSerializer(), new ByteArraySerializer());
    admissions = driver.createInputTopic(TOPICS.admissions(), new StringSerializer(), new ByteArraySerializer());
    frames = driver.createOutputTopic(TOPICS.frames(), new StringDeserializer(), new ByteArrayDeserializer());
    deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void frameFromAdmittedDeviceIsKeyedByPatientAndCarriesPatientAndBed() {
    admit("monitor-7", "patient-42", "bed-7", T0);
    EcgFrame sent = frame("monitor-7", 0, T0 + 1000);

    raw.pipeInput("monitor-7", EcgSerdes.frames().serialize(sent));

    KeyValue<String, byte[]> out = frames.readKeyValue();
    EcgFrame bound = EcgSerdes.frames().deserialize(out.value);
    assertThat(out.key).isEqualTo("patient-42");
    assertThat(bound.getPatientId()).isEqualTo("patient-42");
    assertThat(bound.getBedId()).isEqualTo("bed-7");
    assertThat(bound.getSeq()).isEqualTo(sent.getSeq());
    assertThat(bound.getDeviceTimeMillis()).isEqualTo(sent.getDeviceTimeMillis());
    assertThat(bound.getSamples()).isEqualTo(sent.getSamples());
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void frameFromDeviceWithoutAdmissionIsDeadLetteredAsUnboundWithItsOriginalBytes() {
    byte[] bytes = EcgSerdes.frames().serialize(frame("monitor-9", 3, T0));

    raw.pipeInput("monitor-9", bytes);

    RejectedRecord rejected = EcgSerdes.rejectedRecords().deserialize(deadLetters.readValue());
    assertThat(rejected.getReasonCode()).isEqualTo("UNBOUND_DEVICE");
    assertThat(rejected.getDetail()).contains("monitor-9");
    assertThat(rejected.getSourceTopic()).isEqualTo(TOPICS.raw());
    assertThat(rejected.getSourceOffset()).isZero();
    assertThat(bytesOf(rejected.getOriginalValue())).isEqualTo(bytes);
    assertThat(bytesOf(rejected.getOriginalKey())).isEqualTo("monitor-9".getBytes(StandardCharsets.UTF_8));
    assertThat(frames.isEmpty()).isTrue();
  }

  @Test
  void frameBeforeTheAdmissionTakesEffectIsNotBoundToThatPatient() {
    admit("monitor-7", "patient-42", "bed-7", T0 + 60_000);

    raw.pipeInput("monitor-7", EcgSerdes.frames().serialize(frame("monitor-7", 0, T0)));

    RejectedRecord rejected = EcgSerdes.rejectedRecords().deserialize(deadLetters.readValue());
    assertThat(rejected.getReasonCode()).isEqualTo("UNBOUND_DEVICE");
    assertThat(rejected.getDetail()).contains("precedes");
    assertThat(frames.isEmpty()).isTrue();
  }

  @Test
  void undecodableBytesAreDeadLetteredWithTheReasonAndTheAppKeepsGoing() {
    admit("monitor-7", "patient-42", "bed-7", T0);
    byte[] garbage = "not an ECG frame".getBytes(StandardCharsets.UTF_8);
    byte[] good = EcgSerdes.frames().serialize(frame("monitor-7", 1, T0 + 250));

    raw.pipeInput("monitor-7", garbage);
    raw.pipeInput("monitor-7", good);

    RejectedRecord rejected = EcgSerdes.rejectedRecords().deserialize(deadLetters.readValue());
    assertThat(rejected.getReasonCode()).isEqualTo("UNDECODABLE");
    assertThat(rejected.getRejectedBy()).isEqualTo("stream-ingest");
    assertThat(bytesOf(rejected.getOriginalValue())).isEqualTo(garbage);
    assertThat(frames.readKeyValuesToList()).hasSize(1);
  }

  @Test
  void everyInputRecordLeavesAsAFrameOrADeadLetter() {
    admit("monitor-1", "patient-1", "bed-1", T0);
    List<byte[]> inputs = List.of(
        EcgSerdes.frames().serialize(frame("monitor-1", 0, T0)),
        new byte[0],
        EcgSerdes.frames().serialize(frame("monitor-2", 0, T0)),
        new byte[] {(byte) 0xC3, 0x01, 1, 2, 3},
        EcgSerdes.frames().serialize(frame("monitor-1", 1, T0 + 250)));
    inputs.forEach(bytes -> raw.pipeInput("monitor-x", bytes));

    assertThat(frames.getQueueSize() + deadLetters.getQueueSize()).isEqualTo(inputs.size());
    assertThat(frames.getQueueSize()).isEqualTo(2);
  }

  private void admit(String device, String patient, String bed, long effectiveFrom) {
    Admission admission = Admission.newBuilder()
        .setDeviceId(device).setPatientId(patient).setBedId(bed).setUnit("ICU").setEffectiveFromMillis(effectiveFrom).build();
    admissions.pipeInput(device, EcgSerdes.admissions().serialize(admission));
  }

  private static EcgFrame frame(String device, long seq, long deviceTime) {
    short[] adc = new short[125];
    for (int i = 0; i < adc.length; i++) {
      adc[i] = (short) (200 * Math.sin(i / 10.0));
    }
    return EcgFrame.newBuilder()
        .setDeviceId(device).setSeq(seq).setDeviceTimeMillis(deviceTime).setSampleRateHz(500).setGainPerMv(200f)
        .setLeads(List.of(Lead.II)).setSamples(List.of(Int16Samples.pack(adc))).build();
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
