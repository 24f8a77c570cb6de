package org.ecgstream.local.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** How many ONNX Runtime calls ran how many windows, in power-of-two buckets (1, 2-3, 4-7, ...). */
public final class BatchSizeDistribution {

  private final long[] batchesPerBucket = new long[12];
  private long batches;
  private long windows;
  private int largest;

  /** Counts {@code count} batches of {@code size} windows. */
  public void add(int size, long count) {
    if (size < 1 || count < 1) {
      return;
    }
    batchesPerBucket[Math.min(batchesPerBucket.length - 1, 31 - Integer.numberOfLeadingZeros(size))] += count;
    batches += count;
    windows += (long) size * count;
    largest = Math.max(largest, size);
  }

  public long batches() {
    return batches;
  }

  public double meanSize() {
    return batches == 0 ? Double.NaN : windows / (double) batches;
  }

  public int largest() {
    return largest;
  }

  /** Non-empty buckets in ascending order, labelled as {@code "1"}, {@code "2-3"}, {@code "32-63"}. */
  public Map<String, Long> buckets() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int b = 0; b < batchesPerBucket.length; b++) {
      if (batchesPerBucket[b] > 0) {
        int low = 1 << b;
        out.put(b == 0 ? "1" : low + "-" + (2 * low - 1), batchesPerBucket[b]);
      }
    }
    return out;
  }
}
