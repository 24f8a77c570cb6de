package org.ecgstream.local.bench;

import java.util.Arrays;

/** p50, p95 and p99 of per-window latencies in milliseconds (nearest rank), NaN when none were seen. */
public record LatencyQuantiles(double p50Millis, double p95Millis, double p99Millis, int samples) {

  /** Quantiles of {@code millis} (sorted here, in place). */
  public static LatencyQuantiles of(double[] millis) {
    if (millis.length == 0) {
      return new LatencyQuantiles(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    Arrays.sort(millis);
    return new LatencyQuantiles(rank(millis, 0.50), rank(millis, 0.95), rank(millis, 0.99), millis.length);
  }

  private static double rank(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
