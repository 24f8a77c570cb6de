package org.ecgstream.core.preprocess;

/**
 * Zero-phase band-pass for whole windows: a second-order Butterworth high-pass and low-pass
 * (bilinear transform, Bristow-Johnson's "Audio EQ Cookbook" coefficients), run forward and then
 * backward so QRS timing and ST levels are not shifted. The ends are padded by reflection to tame
 * the start-up transient.
 */
public final class ZeroPhaseBandPass {

  private final ButterworthSection highPass;
  private final ButterworthSection lowPass;
  private final int padSamples;

  public ZeroPhaseBandPass(double lowHz, double highHz, double sampleRateHz) {
    if (!(lowHz > 0 && lowHz < highHz && highHz < sampleRateHz / 2)) {
      throw new IllegalArgumentException(
          "band-pass " + lowHz + ".." + highHz + " Hz does not fit sample rate " + sampleRateHz + " Hz");
    }
    this.highPass = ButterworthSection.highPass(lowHz, sampleRateHz);
    this.lowPass = ButterworthSection.lowPass(highHz, sampleRateHz);
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
    for (ButterworthSection stage : new ButterworthSection[] {highPass, lowPass}) {
      stage.filterForward(x);
      stage.filterBackward(x);
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) x[i + pad];
    }
    return out;
  }
}
