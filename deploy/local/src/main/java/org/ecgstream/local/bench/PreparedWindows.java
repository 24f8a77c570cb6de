package org.ecgstream.local.bench;

import java.util.List;

/**
 * Preprocessed model inputs, one per window: {@code signals.get(i)} row-major (leads, samples),
 * {@code masks.get(i)} 1 for leads that carry signal.
 */
public record PreparedWindows(List<float[]> signals, List<float[]> masks) {

  public int size() {
    return signals.size();
  }

  /** Windows {@code [from, from + n)} concatenated as one batch tensor and its mask. */
  public float[][] batch(int from, int n) {
    int signalLength = signals.get(from).length;
    int maskLength = masks.get(from).length;
    float[] signal = new float[n * signalLength];
    float[] mask = new float[n * maskLength];
    for (int i = 0; i < n; i++) {
      System.arraycopy(signals.get(from + i), 0, signal, i * signalLength, signalLength);
      System.arraycopy(masks.get(from + i), 0, mask, i * maskLength, maskLength);
    }
    return new float[][] {signal, mask};
  }
}
