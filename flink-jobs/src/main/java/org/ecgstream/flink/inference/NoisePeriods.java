package org.ecgstream.flink.inference;

import java.util.Arrays;

/**
 * A patient's recent NOISE periods in device time, as [from, to) pairs, oldest first: a Flink POJO
 * kept beside the model-window signal. Periods that end more than {@link #KEEP_MILLIS} before the
 * latest judged time are forgotten; no window reaches back that far.
 */
public class NoisePeriods {

  /** Longer than any model window. */
  static final long KEEP_MILLIS = 120_000;

  /** Flattened [from, to) pairs. */
  public long[] spans = new long[0];

  /** Records that the signal in [fromMillis, toMillis) was noisy, joining a period it continues. */
  public void noisy(long fromMillis, long toMillis) {
    int n = spans.length;
    if (n > 0 && fromMillis <= spans[n - 1]) {
      spans[n - 1] = Math.max(spans[n - 1], toMillis);
    } else {
      spans = Arrays.copyOf(spans, n + 2);
      spans[n] = fromMillis;
      spans[n + 1] = toMillis;
    }
  }

  /** Forgets periods that ended more than {@link #KEEP_MILLIS} before {@code nowMillis}. */
  public void forgetBefore(long nowMillis) {
    int keepFrom = 0;
    while (keepFrom < spans.length && spans[keepFrom + 1] < nowMillis - KEEP_MILLIS) {
      keepFrom += 2;
    }
    if (keepFrom > 0) {
      spans = Arrays.copyOfRange(spans, keepFrom, spans.length);
    }
  }

  /** Whether any period overlaps [fromMillis, toMillis). */
  public boolean overlaps(long fromMillis, long toMillis) {
    for (int k = 0; k < spans.length; k += 2) {
      if (spans[k] < toMillis && spans[k + 1] > fromMillis) {
        return true;
      }
    }
    return false;
  }
}
