package org.ecgstream.benchmarks;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.ecgstream.core.qrs.PanTompkinsDetector;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.rhythm.RhythmListener;
import org.ecgstream.core.rhythm.RhythmSettings;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The DSP cost of one bed: QRS detection on one lead, and the whole rhythm analysis (QRS, VF, VT,
 * pause, AF, width) on all 12 leads, per second of 500 Hz signal fed in 250 ms blocks.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RhythmAnalysisBenchmark {

  private static final int SECONDS = 60;
  private float[][][] blocks;
  private PanTompkinsDetector qrs;
  private PatientRhythm rhythm;
  private int next;

  @Setup
  public void setUp() {
    float[][] leads = SimulatedSignal.leads(SECONDS);
    int block = SimulatedSignal.RATE_HZ / 4;
    blocks = new float[SECONDS * 4][leads.length][];
    for (int b = 0; b < blocks.length; b++) {
      for (int l = 0; l < leads.length; l++) {
        blocks[b][l] = Arrays.copyOfRange(leads[l], b * block, (b + 1) * block);
      }
    }
    qrs = new PanTompkinsDetector(SimulatedSignal.RATE_HZ);
    rhythm = new PatientRhythm(SimulatedSignal.RATE_HZ, leads.length, 1, RhythmSettings.defaults());
  }

  /** One second (four 250 ms blocks) of lead II through the QRS detector. */
  @Benchmark
  public void qrsDetectorOneLeadOneSecond(Blackhole beats) {
    for (int k = 0; k < 4; k++) {
      qrs.accept(blocks[next][1], beats::consume);
      next = (next + 1) % blocks.length;
    }
  }

  /** One second of all 12 leads through the patient's whole rhythm analysis. */
  @Benchmark
  public void rhythmAnalysisTwelveLeadsOneSecond(Blackhole changes) {
    RhythmListener listener = new RhythmListener() {
      @Override
      public void beat(long sample) {
        changes.consume(sample);
      }
    };
    for (int k = 0; k < 4; k++) {
      rhythm.accept(blocks[next], listener);
      next = (next + 1) % blocks.length;
    }
  }
}
