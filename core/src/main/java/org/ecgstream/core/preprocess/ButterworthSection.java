package org.ecgstream.core.preprocess;

/**
 * One second-order Butterworth section (bilinear transform, Bristow-Johnson's "Audio EQ Cookbook"
 * coefficients, Q = 1/sqrt 2) in direct form II transposed: the coefficients every IIR filter of the
 * project uses, the zero-phase window band-pass ({@link ZeroPhaseBandPass}, whole arrays forward and
 * back) and the streaming filters of the noise index.
 */
public record ButterworthSection(double b0, double b1, double b2, double a1, double a2) {

  private static final double BUTTERWORTH_Q = 1 / Math.sqrt(2);

  public static ButterworthSection lowPass(double cornerHz, double fs) {
    double w0 = 2 * Math.PI * cornerHz / fs;
    double alpha = Math.sin(w0) / (2 * BUTTERWORTH_Q);
    double cos = Math.cos(w0);
    double a0 = 1 + alpha;
    return new ButterworthSection(
        (1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0);
  }

  public static ButterworthSection highPass(double cornerHz, double fs) {
    double w0 = 2 * Math.PI * cornerHz / fs;
    double alpha = Math.sin(w0) / (2 * BUTTERWORTH_Q);
    double cos = Math.cos(w0);
    double a0 = 1 + alpha;
    return new ButterworthSection(
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
