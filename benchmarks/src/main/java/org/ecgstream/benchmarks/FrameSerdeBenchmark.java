package org.ecgstream.benchmarks;

import java.util.concurrent.TimeUnit;
import org.ecgstream.core.signal.StandardLeads;
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

/** Avro single-object encoding of one 12-lead, 250 ms, 500 Hz frame (3 KB), both ways: every hop of ingest pays it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameSerdeBenchmark {

  private AvroSingleObjectSerde<EcgFrame> serde;
  private EcgFrame frame;
  private byte[] bytes;

  @Setup
  public void setUp() {
    serde = EcgSerdes.frames();
    frame = new SimulatedBed(BedScript.steady("bench-monitor", "bench-patient", "bed-1", 72), StandardLeads.TWELVE,
        SimulatedSignal.RATE_HZ, 250, 1_800_000_000_000L, 1).nextFrame();
    bytes = serde.serialize(frame);
  }

  @Benchmark
  public byte[] encode() {
    return serde.serialize(frame);
  }

  @Benchmark
  public EcgFrame decode() {
    return serde.deserialize(bytes);
  }
}
