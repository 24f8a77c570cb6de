package org.ecgstream.core.rhythm;

import java.util.Arrays;

/**
 * Streaming atrial fibrillation detection from RR irregularity: over the last {@link #WINDOW} RR
 * intervals, the share of successive RR differences larger than 10% of the median RR. AF makes
 * nearly every beat-to-beat difference large; sinus rhythm, even with sinus arrhythmia, few.
 * A pNN-style measure relative to the rate (after Dash et al., Ann Biomed Eng 37(9), 2009, who
 * combine it with other RR statistics).
 *
 * <p>A premature beat followed by a compensatory pause is ectopy, not AF, and is left out.
 * The difference (10%) and the threshold (0.325) were chosen together on the even-numbered half
 * of the CinC 2017 recordings here, as the pair whose smaller of sensitivity and specificity (AF
 * vs normal) was largest there, and scored on the odd-numbered half (docs/benchmarks.md).
 */
public final class AtrialFibrillationDetector {

  public static final int WINDOW = 32;
  public static final int MIN_INTERVALS = 8;
  public static final double LARGE_DIFFERENCE = 0.10;
  public static final double AF_ABOVE = 0.325;
  /** Offset threshold for a rhythm already judged AF (hysteresis; the recording-level score uses {@link #AF_ABOVE} only). */
  public static final double AF_ENDS_BELOW = 0.25;
  static final double PREMATURE = 0.85;
  /** The pause after a premature beat is this much longer than the premature interval. */
  static final double COMPENSATORY = 1.3;

  private final int sampleRateHz;
  private final double[] rr = new double[WINDOW];
  private int count;
  private long lastBeat = -1;
  private double irregularity;

  private final double afAbove;

  public AtrialFibrillationDetector(int sampleRateHz) {
    this(sampleRateHz, AF_ABOVE);
  }

  /** With another irregularity threshold, for tuning. */
  public AtrialFibrillationDetector(int sampleRateHz, double afAbove) {
    this.sampleRateHz = sampleRateHz;
    this.afAbove = afAbove;
  }

  /** Feeds the next R peak; returns whether the rhythm is judged AF now. */
  public boolean beat(long sample) {
    if (lastBeat >= 0) {
      rr[count % WINDOW] = (sample - lastBeat) / (double) sampleRateHz;
      count++;
    }
    lastBeat = sample;
    irregularity = computeIrregularity();
    return atrialFibrillation();
  }

  /** Whether enough intervals have been seen to judge. */
  public boolean judging() {
    return count >= MIN_INTERVALS;
  }

  public boolean atrialFibrillation() {
    return judging() && irregularity > afAbove;
  }

  /** Share of large successive RR differences in the window, 0..1. */
  public double irregularity() {
    return irregularity;
  }

  private double computeIrregularity() {
    int n = Math.min(count, WINDOW);
    if (n < 2) {
      return 0;
    }
    double[] ordered = new double[n];
    for (int k = 0; k < n; k++) {
      ordered[k] = rr[(count - n + k) % WINDOW];
    }
    double[] sorted = ordered.clone();
    Arrays.sort(sorted);
    double median = sorted[n / 2];
    // Leave out premature beats with their compensatory pause (ectopy, not AF): bigeminy and
    // frequent PVCs are irregular too, but regularly so.
    double[] kept = new double[n];
    int m = 0;
    for (int k = 0; k < n; k++) {
      if (k + 1 < n && ordered[k] < PREMATURE * median && ordered[k + 1] > COMPENSATORY * ordered[k]) {
        k++;
        continue;
      }
      kept[m++] = ordered[k];
    }
    if (m < MIN_INTERVALS / 2) {
      return 0;
    }
    int large = 0;
    for (int k = 1; k < m; k++) {
      if (Math.abs(kept[k] - kept[k - 1]) > LARGE_DIFFERENCE * median) {
        large++;
      }
    }
    return large / (double) (m - 1);
  }
}
