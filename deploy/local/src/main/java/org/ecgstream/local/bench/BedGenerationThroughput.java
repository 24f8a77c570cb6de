package org.ecgstream.local.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.local.demo.DemoBeds;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.fleet.SimulatedBed;

/**
 * How many simulated beds one core generates in real time: the demo ward's scripts (sinus at varied
 * rates, tachycardia, AF, asystole, VF) drawn by one generator on one thread, 12 leads, 250 ms
 * frames with int16 packing and ground truth, optionally Avro-encoded as the publisher would.
 * Time is the thread's CPU time, so other work on a shared machine does not count against it.
 */
public final class BedGenerationThroughput {

  /** One measured run. */
  public record Result(SignalModel model, int beds, int sampleRateHz, double deviceSeconds, long frames, double cpuSeconds,
      double wallSeconds, boolean encoded) {

    /** Beds one core keeps up with in real time: bed-seconds generated per CPU second. */
    public double bedsPerCoreRealTime() {
      return beds * deviceSeconds / cpuSeconds;
    }
  }

  private BedGenerationThroughput() {}

  /** Generates {@code beds} beds for {@code deviceSeconds} each, frame by frame, round robin as the publisher does. */
  public static Result run(SignalModel model, int beds, int sampleRateHz, double deviceSeconds, boolean encode, long seed) {
    Duration duration = Duration.ofMillis(Math.round(deviceSeconds * 1000));
    List<SimulatedBed> fleet = new ArrayList<>(beds);
    for (BedScript script : DemoBeds.ward(beds, duration, seed)) {
      fleet.add(new SimulatedBed(script.withModel(model), StandardLeads.TWELVE, sampleRateHz, 250, 0, seed + fleet.size()));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long ticks = duration.toMillis() / 250;
    long frames = 0;
    long bytes = 0;
    long cpuStart = threads.getCurrentThreadCpuTime();
    long wallStart = System.nanoTime();
    for (long tick = 0; tick < ticks; tick++) {
      for (SimulatedBed bed : fleet) {
        SimulatedBed.Tick t = bed.tick();
        if (encode) {
          bytes += EcgSerdes.frames().serialize(t.frame()).length + EcgSerdes.truth().serialize(t.truth()).length;
        }
        frames++;
      }
    }
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double wall = (System.nanoTime() - wallStart) / 1e9;
    if (encode && bytes == 0) {
      throw new IllegalStateException("nothing encoded");
    }
    return new Result(model, beds, sampleRateHz, ticks * 0.25, frames, cpu, wall, encode);
  }
}
