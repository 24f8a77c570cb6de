package org.ecgstream.core.preprocess;

/**
 * Band-limited resampling by windowed-sinc interpolation (Smith, "Digital Audio Resampling Home
 * Page", bandlimited interpolation): each output sample is a Hann-windowed sinc sum over nearby
 * input samples, with the cut-off at the lower of the two Nyquist rates so downsampling does not
 * alias.
 */
public final class Resampler {

  /** Half-width of the interpolation kernel in units of the lower sample period. */
  private static final int HALF_WIDTH_PERIODS = 8;
  /** Cut-off as a fraction of the lower Nyquist rate: leaves a guard band before aliasing. */
  private static final double CUTOFF_FRACTION = 0.9;

  private Resampler() {}

  /**
   * Resamples {@code input} from {@code fromHz} to {@code toHz}; the output has
   * {@code round(length * toHz / fromHz)} samples. Equal rates return a copy.
   */
  public static float[] resample(float[] input, double fromHz, double toHz) {
    if (!(fromHz > 0) || !(toHz > 0)) {
      throw new IllegalArgumentException("sample rates must be positive: " + fromHz + " -> " + toHz);
    }
    if (fromHz == toHz) {
      return input.clone();
    }
    int outLength = (int) Math.round(input.length * toHz / fromHz);
    double ratio = fromHz / toHz; // input samples per output sample
    double cutoff = CUTOFF_FRACTION * Math.min(1.0, 1.0 / ratio); // cycles per input sample * 2
    double halfWidth = HALF_WIDTH_PERIODS / cutoff; // in input samples
    if (fromHz == Math.rint(fromHz) && toHz == Math.rint(toHz)) {
      return polyphase(input, outLength, (long) fromHz, (long) toHz, cutoff, halfWidth);
    }
    float[] out = new float[outLength];
    for (int n = 0; n < outLength; n++) {
      double centre = n * ratio;
      int first = (int) Math.ceil(centre - halfWidth);
      int last = (int) Math.floor(centre + halfWidth);
      double sum = 0;
      double weightSum = 0;
      for (int k = first; k <= last; k++) {
        double t = k - centre;
        double w = cutoff * sinc(cutoff * t) * hann(t / halfWidth);
        // Mirror at the edges so the kernel always sees a full neighbourhood.
        sum += w * input[reflect(k, input.length)];
        weightSum += w;
      }
      // Normalising by the kernel's own sum keeps DC exact despite the truncated window.
      out[n] = (float) (sum / weightSum);
    }
    return out;
  }

  /**
   * The same interpolation for integral rates, where output n sits at input position n * P / Q
   * (P/Q the reduced rate ratio): only Q distinct kernels exist, so each is computed once.
   */
  private static float[] polyphase(
      float[] input, int outLength, long fromHz, long toHz, double cutoff, double halfWidth) {
    long g = gcd(fromHz, toHz);
    int p = (int) (fromHz / g);
    int q = (int) (toHz / g);
    int[] firstOffset = new int[q];
    double[][] kernels = new double[q][];
    float[] out = new float[outLength];
    for (int n = 0; n < outLength; n++) {
      long position = (long) n * p;
      int phase = (int) (position % q);
      long base = position / q;
      if (kernels[phase] == null) {
        double fraction = (double) phase / q;
        int first = (int) Math.ceil(fraction - halfWidth);
        int last = (int) Math.floor(fraction + halfWidth);
        double[] w = new double[last - first + 1];
        double weightSum = 0;
        for (int j = first; j <= last; j++) {
          double t = j - fraction;
          w[j - first] = cutoff * sinc(cutoff * t) * hann(t / halfWidth);
          weightSum += w[j - first];
        }
        for (int j = 0; j < w.length; j++) {
          w[j] /= weightSum;
        }
        firstOffset[phase] = first;
        kernels[phase] = w;
      }
      double[] w = kernels[phase];
      long start = base + firstOffset[phase];
      double sum = 0;
      if (start >= 0 && start + w.length <= input.length) {
        // Interior: the whole kernel lies inside the input, no mirroring (same sum, same order).
        int s = (int) start;
        for (int j = 0; j < w.length; j++) {
          sum += w[j] * input[s + j];
        }
      } else {
        for (int j = 0; j < w.length; j++) {
          sum += w[j] * input[reflect((int) (start + j), input.length)];
        }
      }
      out[n] = (float) sum;
    }
    return out;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static double sinc(double x) {
    if (Math.abs(x) < 1e-9) {
      return 1.0;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  private static double hann(double x) {
    return Math.abs(x) >= 1 ? 0 : 0.5 * (1 + Math.cos(Math.PI * x));
  }

  static int reflect(int index, int length) {
    if (length == 1) {
      return 0;
    }
    int period = 2 * (length - 1);
    int i = Math.floorMod(index, period);
    return i < length ? i : period - i;
  }
}
