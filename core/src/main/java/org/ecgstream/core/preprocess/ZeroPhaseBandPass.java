package org.ecgstream.core.preprocess;

/**
 * Zero-phase band-pass for whole windows: a second-order Butterworth high-pass and low-pass
 * (bilinear transform, Bristow-Johnson's "Audio EQ Cookbook" coefficients), run forward and then
 * backward so QRS timing and ST levels are not shifted. The ends are padded by reflection to tame
 * the start-up transient.
 */
public final class ZeroPhaseBandPass {

  private static final double BUTTERWORTH_Q = 1 / Math.sqrt(2);

  private final Biquad highPass;
  private final Biquad lowPass;
  private final int padSamples;

  public ZeroPhaseBandPass(double lowHz, double highHz, double sampleRateHz) {
    if (!(lowHz > 0 && lowHz < highHz && highHz < sampleRateHz / 2)) {
      throw new IllegalArgumentException(
          "band-pass " + lowHz + ".." + highHz + " Hz does not fit sample rate " + sampleRateHz + " Hz");
    }
    this.highPass = Biquad.highPass(lowHz, sampleRateHz);
    this.lowPass = Biquad.lowPass(highHz, sampleRateHz);
    // One period of the high-pass corner is enough for its transient to settle.
    this.padSamples = (int) Math.ceil(sampleRateHz / lowHz);
  }

  /** Returns the filtered signal; the input is not modified. */
  public float[] apply(float[] input) {
    int n = input.length;
    if (n == 0) {
      return new float[0];
    }
    int pad = Math.min(padSamples, 3 * n);
    double[] x = new double[n + 2 * pad];
    for (int i = 0; i < x.length; i++) {
      // Odd reflection about the end samples keeps the signal and its slope continuous.
      int k = i - pad;
      if (k < 0) {
        x[i] = 2 * input[0] - input[Resampler.reflect(-k, n)];
      } else if (k >= n) {
        x[i] = 2 * input[n - 1] - input[Resampler.reflect(2 * (n - 1) - k, n)];
      } else {
        x[i] = input[k];
      }
    }
    for (Biquad stage : new Biquad[] {highPass, lowPass}) {
      stage.filterForward(x);
      stage.filterBackward(x);
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) x[i + pad];
    }
    return out;
  }

  /** One second-order section in direct form II transposed. */
  private record Biquad(double b0, double b1, double b2, double a1, double a2) {

    static Biquad lowPass(double cornerHz, double fs) {
      double w0 = 2 * Math.PI * cornerHz / fs;
      double alpha = Math.sin(w0) / (2 * BUTTERWORTH_Q);
      double cos = Math.cos(w0);
      double a0 = 1 + alpha;
      return new Biquad(
          (1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    static Biquad highPass(double cornerHz, double fs) {
      double w0 = 2 * Math.PI * cornerHz / fs;
      double alpha = Math.sin(w0) / (2 * BUTTERWORTH_Q);
      double cos = Math.cos(w0);
      double a0 = 1 + alpha;
      return new Biquad(
          (1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
    }

    void filterForward(double[] x) {
      // Start in the steady state for the first sample so a DC offset does not ring.
      double[] z = steadyState(x[0]);
      double z1 = z[0];
      double z2 = z[1];
      for (int i = 0; i < x.length; i++) {
        double in = x[i];
        double out = b0 * in + z1;
        z1 = b1 * in - a1 * out + z2;
        z2 = b2 * in - a2 * out;
        x[i] = out;
      }
    }

    void filterBackward(double[] x) {
      double[] z = steadyState(x[x.length - 1]);
      double z1 = z[0];
      double z2 = z[1];
      for (int i = x.length - 1; i >= 0; i--) {
        double in = x[i];
        double out = b0 * in + z1;
        z1 = b1 * in - a1 * out + z2;
        z2 = b2 * in - a2 * out;
        x[i] = out;
      }
    }

    /** Filter state that makes a constant input {@code level} produce a constant output. */
    private double[] steadyState(double level) {
      double gain = (b0 + b1 + b2) / (1 + a1 + a2);
      double y = gain * level;
      double z2 = b2 * level - a2 * y;
      double z1 = b1 * level - a1 * y + z2;
      return new double[] {z1, z2};
    }
  }
}
