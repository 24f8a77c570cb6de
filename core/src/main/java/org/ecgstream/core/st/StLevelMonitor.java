package org.ecgstream.core.st;

import java.util.Arrays;

/**
 * Streaming ST-segment level per lead, as bedside ST monitoring measures it (AHA/ACC/HRS 2009
 * recommendations for ST measurement; IEC 60601-2-27 ST analysis): for every beat, the signal at
 * the ST measurement point (J point + 60 ms, taken here as R + 110 ms, or R + 90 ms above
 * 120 bpm, averaged over 20 ms) minus the isoelectric level (mean of the PR segment, R - 90 to
 * R - 60 ms); per lead, the median over the last {@link #BEATS} beats, so a premature beat or a
 * noisy one does not move it. Premature beats (RR below 80% of the median RR) are left out: their
 * ST segment is not the patient's.
 *
 * <p>Feed every lead's samples in mV (NaN invalid) with {@link #accept}, and every beat of the
 * rhythm lead with {@link #beat}, in either order: a beat is measured as soon as its samples up
 * to the ST point are in. Levels are NaN until a lead has {@link #MIN_BEATS} measured beats.
 */
public final class StLevelMonitor {

  /** Beats the level is the median of. */
  public static final int BEATS = 16;
  /** Measured beats needed before a level is given. */
  public static final int MIN_BEATS = 8;

  private static final double BUFFER_SECONDS = 3.0;

  private final int sampleRateHz;
  private final int leads;
  private final int capacity;
  private final float[][] ring;
  private long n;

  private final double[][] deviations;
  private final int[] counts;
  private final double[] rr = new double[BEATS];
  private int rrCount;
  private long lastBeat = -1;
  private final java.util.ArrayDeque<long[]> pending = new java.util.ArrayDeque<>();

  public StLevelMonitor(int sampleRateHz, int leads) {
    this.sampleRateHz = sampleRateHz;
    this.leads = leads;
    this.capacity = (int) Math.round(BUFFER_SECONDS * sampleRateHz);
    this.ring = new float[leads][capacity];
    this.deviations = new double[leads][BEATS];
    this.counts = new int[leads];
  }

  /** Feeds one block per lead (same length, mV, NaN for invalid). */
  public void accept(float[][] millivolts) {
    int len = millivolts[0].length;
    for (int l = 0; l < leads; l++) {
      for (int i = 0; i < len; i++) {
        ring[l][(int) ((n + i) % capacity)] = millivolts[l][i];
      }
    }
    n += len;
    measureDue();
  }

  /** A beat (R peak) of the rhythm lead; measured once the samples up to its ST point are in. */
  public void beat(long r) {
    double interval = lastBeat < 0 ? Double.NaN : (r - lastBeat) / (double) sampleRateHz;
    lastBeat = r;
    boolean premature = false;
    if (!Double.isNaN(interval)) {
      if (rrCount >= 4) {
        double[] recent = Arrays.copyOf(rr, Math.min(rrCount, BEATS));
        Arrays.sort(recent);
        premature = interval < 0.8 * recent[recent.length / 2];
      }
      rr[rrCount % BEATS] = interval;
      rrCount++;
    }
    if (premature) {
      return;
    }
    double bpm = Double.isNaN(interval) ? 60 : 60 / interval;
    pending.add(new long[] {r, r + millis(bpm > 120 ? 80 : 100), r + millis(bpm > 120 ? 100 : 120)});
    measureDue();
  }

  private void measureDue() {
    while (!pending.isEmpty() && pending.peek()[2] <= n) {
      long[] b = pending.poll();
      measure(b[0], b[1], b[2]);
    }
  }

  private void measure(long r, long stFrom, long stTo) {
    long isoFrom = r - millis(90);
    long isoTo = r - millis(60);
    if (isoFrom < Math.max(0, n - capacity)) {
      return;
    }
    for (int l = 0; l < leads; l++) {
      double iso = mean(l, isoFrom, isoTo);
      double st = mean(l, stFrom, stTo);
      if (Double.isNaN(iso) || Double.isNaN(st)) {
        continue;
      }
      deviations[l][counts[l] % BEATS] = st - iso;
      counts[l]++;
    }
  }

  /** The ST level of {@code lead} in mV (positive: elevation), NaN until measured often enough. */
  public double levelMv(int lead) {
    if (counts[lead] < MIN_BEATS) {
      return Double.NaN;
    }
    double[] recent = Arrays.copyOf(deviations[lead], Math.min(counts[lead], BEATS));
    Arrays.sort(recent);
    int m = recent.length;
    return m % 2 == 1 ? recent[m / 2] : (recent[m / 2 - 1] + recent[m / 2]) / 2;
  }

  /** Samples fed per lead so far. */
  public long samples() {
    return n;
  }

  public int leadCount() {
    return leads;
  }

  private long millis(double ms) {
    return Math.round(ms * sampleRateHz / 1000.0);
  }

  private double mean(int lead, long from, long to) {
    double sum = 0;
    int k = 0;
    for (long i = from; i < to; i++) {
      float v = ring[lead][(int) (i % capacity)];
      if (Float.isNaN(v)) {
        return Double.NaN;
      }
      sum += v;
      k++;
    }
    return k == 0 ? Double.NaN : sum / k;
  }
}
