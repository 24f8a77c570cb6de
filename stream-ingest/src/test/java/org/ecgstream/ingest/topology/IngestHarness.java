package org.ecgstream.ingest.topology;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.frame.DeviceKeys;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;

/**
 * The ingest topology on {@link TopologyTestDriver} with named input and output topics, the wall
 * clock at {@link #T0} and the same error handlers as the app; plus frame builders for tests.
 */
final class IngestHarness implements AutoCloseable {

  /** Wall clock at the start of every test, and the device time of the first frame. */
  static final long T0 = 1_700_000_000_000L;
  /** Frames in tests: 250 ms at 500 Hz, one lead, gain 200 ADC units per mV. */
  static final int RATE_HZ = 500;
  static final int SAMPLES = 125;
  static final long FRAME_MILLIS = 250;

  final IngestConfig config;
  final IngestMetrics metrics = IngestMetrics.inMemory();
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> raw;
  final TestInputTopic<String, byte[]> admissions;
  final TestOutputTopic<String, byte[]> frames;
  final TestOutputTopic<String, byte[]> deadLetters;

  /** Default settings, state in memory (RocksDB flushes on every commit, and the driver commits after every record). */
  IngestHarness() {
    this(IngestConfig.defaults().with(IngestConfig.STATE_STORE, "in_memory"));
  }

  IngestHarness(IngestConfig config) {
    this.config = config;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ingest-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.putAll(config.asProperties());
    // The driver commits after every record, so the store cache would only add work here.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    IngestApp.handlers(props, metrics);
    driver = new TopologyTestDriver(IngestTopology.build(config, metrics), props, Instant.ofEpochMilli(T0));
    // Record timestamps from T0 on, not the real clock: ingest compares them with device times.
    raw = driver.createInputTopic(config.topics().raw(), new StringSerializer(), new ByteArraySerializer(),
        Instant.ofEpochMilli(T0), Duration.ZERO);
    admissions = driver.createInputTopic(config.topics().admissions(), new StringSerializer(), new ByteArraySerializer());
    frames = driver.createOutputTopic(config.topics().frames(), new StringDeserializer(), new ByteArrayDeserializer());
    deadLetters = driver.createOutputTopic(config.topics().deadLetters(), new StringDeserializer(), new ByteArrayDeserializer());
  }

  void admit(String device, String patient, String bed, long effectiveFrom) {
    Admission admission = Admission.newBuilder()
        .setDeviceId(device).setPatientId(patient).setBedId(bed).setUnit("ICU").setEffectiveFromMillis(effectiveFrom).build();
    admissions.pipeInput(device, EcgSerdes.admissions().serialize(admission));
  }

  /** Sends {@code frame} as a device with a right clock would: its record timestamp is the frame's end. */
  void send(EcgFrame frame) {
    send(frame, endOf(frame));
  }

  /** Sends {@code frame} with record timestamp {@code timestampMillis} (the broker's or producer's clock). */
  void send(EcgFrame frame, long timestampMillis) {
    raw.pipeInput(frame.getDeviceId(), EcgSerdes.frames().serialize(frame), timestampMillis);
  }

  /** Device time just after the frame's last sample (its start when the frame is too broken to tell). */
  static long endOf(EcgFrame frame) {
    if (frame.getSampleRateHz() <= 0 || frame.getSamples().isEmpty()) {
      return frame.getDeviceTimeMillis();
    }
    return frame.getDeviceTimeMillis() + Math.round(frame.getSamples().get(0).remaining() / 2 * 1000.0 / frame.getSampleRateHz());
  }

  void send(String key, byte[] bytes) {
    raw.pipeInput(key, bytes);
  }

  void advanceWallClock(long millis) {
    driver.advanceWallClockTime(Duration.ofMillis(millis));
  }

  /** Frames out so far, as (patient, frame). */
  List<KeyValue<String, EcgFrame>> framesOut() {
    List<KeyValue<String, EcgFrame>> out = new ArrayList<>();
    for (KeyValue<String, byte[]> kv : frames.readKeyValuesToList()) {
      out.add(KeyValue.pair(kv.key, EcgSerdes.frames().deserialize(kv.value)));
    }
    return out;
  }

  /** Entries of {@code device} in the de-duplication memory. */
  int seenEntries(String device) {
    KeyValueStore<String, ?> seen = driver.getKeyValueStore(IngestTopology.SEEN_STORE);
    int n = 0;
    try (KeyValueIterator<String, ?> all = seen.range(DeviceKeys.first(device), DeviceKeys.last(device))) {
      for (; all.hasNext(); all.next()) {
        n++;
      }
    }
    return n;
  }

  /** Sequence numbers of the frames out so far. */
  List<Long> seqsOut() {
    return framesOut().stream().map(kv -> kv.value.getSeq()).toList();
  }

  List<RejectedRecord> deadLettersOut() {
    return deadLetters.readValuesToList().stream().map(EcgSerdes.rejectedRecords()::deserialize).toList();
  }

  List<String> reasonsOut() {
    return deadLettersOut().stream().map(RejectedRecord::getReasonCode).toList();
  }

  /** A valid one-lead frame of {@code device}: sequence {@code seq}, starting {@code seq} frames after T0. */
  static EcgFrame frame(String device, long seq) {
    return frame(device, seq, T0 + seq * FRAME_MILLIS);
  }

  static EcgFrame frame(String device, long seq, long deviceTime) {
    short[] adc = new short[SAMPLES];
    for (int i = 0; i < adc.length; i++) {
      adc[i] = (short) (200 * Math.sin((seq * SAMPLES + i) / 10.0));
    }
    return EcgFrame.newBuilder()
        .setDeviceId(device).setSeq(seq).setDeviceTimeMillis(deviceTime).setSampleRateHz(RATE_HZ).setGainPerMv(200f)
        .setLeads(List.of(Lead.II)).setSamples(List.of(Int16Samples.pack(adc))).build();
  }

  static byte[] bytesOf(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  @Override
  public void close() {
    driver.close();
  }
}
