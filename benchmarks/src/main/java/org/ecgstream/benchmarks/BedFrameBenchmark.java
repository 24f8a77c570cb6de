package org.ecgstream.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One simulated bed's next 250 ms frame (12 leads, 500 Hz, int16, with its ground truth), per
 * generator: a bed in real time needs 4 a second, so 250,000 us / score is the beds one core keeps
 * up with (./ecg bench simulate measures the same over a whole ward).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BedFrameBenchmark {

  @Param({"BEAT_TRAIN", "TWELVE_LEAD"})
  public SignalModel model;

  private SimulatedBed bed;

  @Setup
  public void setUp() {
    // Sinus, then AF after a minute: a bed that keeps the generator's beat scheduling busy.
    BedScript script = new BedScript("bench-monitor", "bench-patient", "bed-1",
        List.of(new RateChange(0, 72), new RateChange(60_000, 110, Rhythm.ATRIAL_FIBRILLATION))).withModel(model);
    bed = new SimulatedBed(script, StandardLeads.TWELVE, SimulatedSignal.RATE_HZ, 250, 1_800_000_000_000L, 1);
  }

  @Benchmark
  public SimulatedBed.Tick nextFrame() {
    return bed.tick();
  }
}
