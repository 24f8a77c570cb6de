package org.ecgstream.benchmarks;

import java.util.concurrent.TimeUnit;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.frame.DeviceFrameDecoder;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.ingest.normalise.CanonicalFrameEncoder;
import org.ecgstream.ingest.normalise.FrameNormaliser;
import org.ecgstream.ingest.validation.FrameValidator;
import org.ecgstream.ingest.validation.Violation;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.AvroSingleObjectSerde;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest's own work on one frame, without Kafka (issue #4): decode the device's bytes, validate,
 * bind (patient and bed set), normalise to the canonical frame, encode for ecg.frames. One 12-lead,
 * 250 ms, 500 Hz frame of a simulated bed (3 KB), the frame {@code ./ecg bench ingest} sends.
 * {@link #perFrame} is the whole chain; the others are its parts ({@link #normalise} and
 * {@link #encode} together are what {@link #normaliseEncoded} does in one go).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IngestFrameBenchmark {

  private static final long DEVICE_TIME_MILLIS = 1_800_000_000_000L;

  private AvroSingleObjectSerde<EcgFrame> serde;
  private FrameValidator validator;
  private FrameNormaliser normaliser;
  private CanonicalFrameEncoder encoder;
  private byte[] raw;
  private EcgFrame decoded;
  private EcgFrame bound;
  private EcgFrame canonical;
  private long recordTimestampMillis;

  @Setup
  public void setUp() {
    IngestConfig config = IngestConfig.defaults();
    serde = EcgSerdes.frames();
    validator = new FrameValidator(config);
    normaliser = new FrameNormaliser(config.flatLineMaxMicrovolts(), config.maxClockDriftMillis());
    encoder = new CanonicalFrameEncoder();
    EcgFrame sent = new SimulatedBed(BedScript.steady("bench-monitor", "bench-patient", "bed-1", 72), StandardLeads.TWELVE,
        SimulatedSignal.RATE_HZ, 250, DEVICE_TIME_MILLIS, 1).nextFrame();
    raw = serde.serialize(sent);
    decoded = serde.deserialize(raw);
    recordTimestampMillis = DEVICE_TIME_MILLIS + 250;
    bound = bind(decoded);
    canonical = normaliser.normalise(bound, 0, recordTimestampMillis);
    if (validator.check(decoded.getDeviceId(), decoded, DEVICE_TIME_MILLIS) != null) {
      throw new IllegalStateException("the benchmark frame does not validate");
    }
    if (!java.util.Arrays.equals(serde.serialize(canonical), normaliser.normaliseEncoded(bound, 0, recordTimestampMillis, encoder))) {
      throw new IllegalStateException("normaliseEncoded does not give Avro's bytes");
    }
  }

  private static EcgFrame bind(EcgFrame frame) {
    return ReceivedFrame.with(frame, "bench-patient", "bed-1", frame.getGainPerMv(), frame.getBaselineAdc(),
        frame.getSamples(), frame.getQuality());
  }

  /** The device's bytes to a frame as ingest reads them (directly, samples not copied; Avro for anything else). */
  @Benchmark
  public EcgFrame decode() {
    return DeviceFrameDecoder.decode(raw);
  }

  @Benchmark
  public Violation validate() {
    return validator.check("bench-monitor", decoded, DEVICE_TIME_MILLIS);
  }

  @Benchmark
  public EcgFrame normalise() {
    return normaliser.normalise(bound, 0, recordTimestampMillis);
  }

  /** The canonical frame through Avro's writer (what ingest did before it wrote the bytes itself). */
  @Benchmark
  public byte[] encode() {
    return serde.serialize(canonical);
  }

  /** Normalised straight into the encoded record, as ingest sends it (the same bytes as normalise + encode). */
  @Benchmark
  public byte[] normaliseEncoded() {
    return normaliser.normaliseEncoded(bound, 0, recordTimestampMillis, encoder);
  }

  /** Decode, validate, bind, normalise into the encoded record: what ingest does to every frame besides Kafka and its state. */
  @Benchmark
  public byte[] perFrame() {
    EcgFrame frame = DeviceFrameDecoder.decode(raw);
    if (validator.check("bench-monitor", frame, DEVICE_TIME_MILLIS) != null) {
      throw new IllegalStateException("refused");
    }
    return normaliser.normaliseEncoded(bind(frame), 0, recordTimestampMillis, encoder);
  }
}
