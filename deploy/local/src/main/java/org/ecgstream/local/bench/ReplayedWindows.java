package org.ecgstream.local.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.MapFunction;
import org.ecgstream.flink.inference.ModelWindow;

/**
 * Window number to model window, from windows prepared once in this JVM (as {@link ReplayedFrames}
 * does for frames): window {@code i} belongs to patient {@code i mod patients} and covers the
 * 10 s starting at the {@code i / patients}-th 5 s stride of that patient's event time, as the job cuts them.
 */
public final class ReplayedWindows implements MapFunction<Long, ModelWindow> {

  private static final long WINDOW_MILLIS = 10_000;
  private static final long STRIDE_MILLIS = 5_000;
  private static final Map<String, PreparedWindows> RUNS = new ConcurrentHashMap<>();

  private final String run;
  private final int patients;

  private ReplayedWindows(String run, int patients) {
    this.run = run;
    this.patients = patients;
  }

  /** Makes {@code windows} replayable under {@code run} until {@link #forget(String)}. */
  public static ReplayedWindows of(String run, PreparedWindows windows, int patients) {
    if (patients < 1) {
      throw new IllegalArgumentException("patients must be >= 1, was " + patients);
    }
    RUNS.put(run, windows);
    return new ReplayedWindows(run, patients);
  }

  public static void forget(String run) {
    RUNS.remove(run);
  }

  @Override
  public ModelWindow map(Long index) {
    PreparedWindows windows = RUNS.get(run);
    if (windows == null) {
      throw new IllegalStateException("bench run " + run + " has no windows in this JVM (a remote cluster cannot replay them)");
    }
    int i = Math.toIntExact(index);
    float[] signal = windows.signals().get(i);
    float[] mask = windows.masks().get(i);
    String patient = "bench-patient-" + (i % patients);
    long start = (i / patients) * STRIDE_MILLIS;
    return new ModelWindow(patient, patient, start, start + WINDOW_MILLIS, mask.length, signal.length / mask.length,
        signal, mask);
  }
}
