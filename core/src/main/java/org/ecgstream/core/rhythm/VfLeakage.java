package org.ecgstream.core.rhythm;

/**
 * The VF-filter leakage of Kuo and Dillman ("Computer detection of ventricular fibrillation",
 * Computers in Cardiology 1978): {@code N = pi * sum|x| / sum|dx| + 1/2} estimates the signal's
 * mean half-period (for a sinusoid of frequency f it is fs / 2f); add the signal to itself delayed
 * by N and measure what is left. A near-sinusoidal signal (VF, flutter) cancels and leaks little;
 * QRS complexes leak a lot.
 *
 * @param leakage leftover share in [0, 1]; low means sinusoid-like
 * @param halfPeriodSamples estimated mean half-period in samples
 */
public record VfLeakage(double leakage, double halfPeriodSamples) {

  /** The dominant frequency the half-period stands for. */
  public double dominantHz(int sampleRateHz) {
    return sampleRateHz / (2 * halfPeriodSamples);
  }


  /** Leakage of {@code x[from, from + length)}, a baseline-free signal. */
  public static VfLeakage of(float[] x, int from, int length) {
    double sumAbs = 0;
    double sumSlope = 0;
    for (int i = from + 1; i < from + length; i++) {
      sumAbs += Math.abs(x[i]);
      sumSlope += Math.abs(x[i] - x[i - 1]);
    }
    if (sumSlope == 0) {
      return new VfLeakage(1, Double.POSITIVE_INFINITY);
    }
    double halfPeriod = Math.PI * sumAbs / sumSlope + 0.5;
    int half = (int) Math.round(halfPeriod);
    double left = 0;
    double total = 0;
    for (int i = from + half; i < from + length; i++) {
      left += Math.abs(x[i] + x[i - half]);
      total += Math.abs(x[i]) + Math.abs(x[i - half]);
    }
    return new VfLeakage(total == 0 ? 1 : left / total, halfPeriod);
  }
}
