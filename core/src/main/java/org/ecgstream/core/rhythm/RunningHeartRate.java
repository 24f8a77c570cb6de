package org.ecgstream.core.rhythm;

import java.util.Arrays;

/**
 * A patient's heart rate kept up to date as beats are found: 60 / median RR interval of the R peaks
 * in the last {@code windowMillis} of device time ({@code [now - window, now)}), or none while fewer
 * than {@link #MIN_BEATS} are in it. The median keeps one missed or extra beat from moving the rate
 * (it is the median of the newest odd number of intervals: {@link #bpm}).
 *
 * <p>It is the definition the sliding event-time window used before (10 s windows every 2 s), made
 * continuous: fed the beats in order and asked at any time, it gives what a window ending then
 * would (but for the median of an even count, and {@link #restartAfter}). So the rate needs no watermark to be complete and is current at every frame, including the
 * "no beat for a while" side: a beat leaving the window changes the rate without a new beat coming.
 *
 * <p>State is a ring of R-peak times, at most one per {@link #MIN_RR_MILLIS} of window (the QRS
 * detector's refractory period: 51 beats for 10 s), so it stays small in checkpointed state. Should
 * more come (a rate above 300 bpm), the oldest is dropped: the window gets shorter, the rate stays
 * far above every alarm limit.
 */
public final class RunningHeartRate {

  /** Fewest beats in the window that give a rate (two RR intervals). */
  public static final int MIN_BEATS = 3;
  /** Shortest RR interval the QRS detector reports (its refractory period); sizes the ring. */
  static final long MIN_RR_MILLIS = 200;

  private final long windowMillis;
  /** R-peak times, oldest at {@code oldest}, {@code count} of them. */
  private final long[] ring;
  private int oldest;
  private int count;
  /** Beats at or before this time are not counted (the end of the last {@link #restartAfter}). */
  private long floorMillis = Long.MIN_VALUE;

  /** @param windowMillis how far back the beats a rate is measured over reach */
  public RunningHeartRate(long windowMillis) {
    this.windowMillis = checkedWindow(windowMillis);
    this.ring = new long[(int) (windowMillis / MIN_RR_MILLIS) + 1];
  }

  /** {@code windowMillis} if a rate can be measured over it, else an exception saying why. */
  public static long checkedWindow(long windowMillis) {
    if (windowMillis < 1_000) {
      throw new IllegalArgumentException("heart-rate window must be at least 1 s (3 beats), got " + windowMillis + " ms");
    }
    return windowMillis;
  }

  /** A beat with its R peak at {@code rPeakMillis}; beats come in time order (a repeat is ignored). */
  public void beat(long rPeakMillis) {
    if (rPeakMillis <= floorMillis || count > 0 && rPeakMillis <= newest()) {
      return;
    }
    if (count == ring.length) {
      oldest = (oldest + 1) % ring.length;
      count--;
    }
    ring[(oldest + count) % ring.length] = rPeakMillis;
    count++;
  }

  /** Moves the window's end to {@code nowMillis}: beats before {@code nowMillis - window} leave it for good. */
  public void advanceTo(long nowMillis) {
    long from = nowMillis - windowMillis;
    while (count > 0 && ring[oldest] < from) {
      oldest = (oldest + 1) % ring.length;
      count--;
    }
  }

  /**
   * Forgets every beat up to {@code millis}, also one reported later: the rate starts again from
   * the beats after it. For the end of a condition under which the beats were no heart beats
   * (fibrillation waves, artefact) or the rate was no rate (asystole): the window must not carry
   * them into the first rate after it.
   */
  public void restartAfter(long millis) {
    count = 0;
    floorMillis = Math.max(floorMillis, millis);
  }

  /** Beats in the window. */
  public int beats() {
    return count;
  }

  /** The window length in milliseconds. */
  public long windowMillis() {
    return windowMillis;
  }

  /**
   * 60000 / median RR in ms over the beats in the window; NaN with fewer than {@link #MIN_BEATS}.
   * The median of an odd number of RR intervals, the newest ones (with an even number the oldest
   * is left out), so it is always an interval the heart had: the mean of the two middle ones, as an
   * even count's median usually is, gives during a step change of rate (64 to 36 bpm) a rate in
   * between (46 bpm) that, judged at every frame, raised the tier in between for a moment.
   */
  public double bpm() {
    if (count < MIN_BEATS) {
      return Double.NaN;
    }
    int first = count % 2 == 1 ? 1 : 0; // count beats give count - 1 intervals; keep an odd number
    long[] rr = new long[count - 1 - first];
    for (int i = first + 1; i < count; i++) {
      rr[i - first - 1] = at(i) - at(i - 1);
    }
    Arrays.sort(rr);
    return 60_000.0 / rr[rr.length / 2];
  }

  private long at(int i) {
    return ring[(oldest + i) % ring.length];
  }

  private long newest() {
    return at(count - 1);
  }
}
