package org.ecgstream.dashboard.ward;

import java.util.Arrays;

/** Display samples waiting for the next push; keeps at most {@code capacity}, dropping the oldest (a display that fell behind jumps ahead). */
final class SampleBuffer {

  private final int capacity;
  private int[] samples = new int[256];
  private int size;

  SampleBuffer(int capacity) {
    this.capacity = capacity;
  }

  void add(int[] more) {
    if (size + more.length > samples.length) {
      samples = Arrays.copyOf(samples, Math.max(samples.length * 2, size + more.length));
    }
    System.arraycopy(more, 0, samples, size, more.length);
    size += more.length;
    if (size > capacity) {
      System.arraycopy(samples, size - capacity, samples, 0, capacity);
      size = capacity;
    }
  }

  /** The samples held, emptying the buffer; null when empty. */
  int[] drain() {
    if (size == 0) {
      return null;
    }
    int[] out = Arrays.copyOf(samples, size);
    size = 0;
    return out;
  }
}
