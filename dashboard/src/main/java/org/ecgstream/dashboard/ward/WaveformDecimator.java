package org.ecgstream.dashboard.ward;

import org.ecgstream.core.signal.Int16Samples;

/**
 * Reduces one lead's sample rate for display by averaging each run of {@code factor} input samples
 * (a box filter, enough against aliasing at the rates shown: 125-250 Hz from 250-1000 Hz) and keeps
 * the partial run across frames, so consecutive frames give a gap-free trace. Output in microvolts.
 */
public final class WaveformDecimator {

  private final int targetRateHz;
  private int inputRateHz;
  private int factor;
  private long sum;
  private int count;

  public WaveformDecimator(int targetRateHz) {
    this.targetRateHz = targetRateHz;
  }

  /**
   * @param samples int16 samples of one frame, already {@code unitsPerMv} per millivolt
   * @return the display samples completed by this frame, in microvolts
   */
  public int[] accept(short[] samples, int sampleRateHz, float unitsPerMv, int baseline) {
    if (sampleRateHz != inputRateHz) {
      inputRateHz = sampleRateHz;
      factor = Math.max(1, Math.round((float) sampleRateHz / targetRateHz));
      sum = 0;
      count = 0;
    }
    int[] out = new int[(count + samples.length) / factor];
    int n = 0;
    double microvoltsPerUnit = 1000.0 / unitsPerMv;
    for (short s : samples) {
      sum += s == Int16Samples.INVALID ? 0 : s - baseline; // a sample the device marked invalid shows as baseline
      if (++count == factor) {
        out[n++] = (int) Math.round(sum * microvoltsPerUnit / factor);
        sum = 0;
        count = 0;
      }
    }
    return out;
  }

  /** The display rate actually produced (input rate / whole factor). */
  public int outputRateHz() {
    return factor == 0 ? targetRateHz : inputRateHz / factor;
  }
}
