package org.ecgstream.core.quality;

/**
 * A second-order Butterworth section (RBJ audio-EQ cookbook, Q = 1/sqrt 2), transposed direct form
 * II: a cheap streaming low- or high-pass with state that checkpoints as two numbers.
 */
final class Biquad {

  private final double b0;
  private final double b1;
  private final double b2;
  private final double a1;
  private final double a2;
  private double z1;
  private double z2;

  private Biquad(double b0, double b1, double b2, double a1, double a2) {
    this.b0 = b0;
    this.b1 = b1;
    this.b2 = b2;
    this.a1 = a1;
    this.a2 = a2;
  }

  static Biquad lowPass(double cutoffHz, int sampleRateHz) {
    return of(cutoffHz, sampleRateHz, true);
  }

  static Biquad highPass(double cutoffHz, int sampleRateHz) {
    return of(cutoffHz, sampleRateHz, false);
  }

  private static Biquad of(double cutoffHz, int sampleRateHz, boolean low) {
    if (cutoffHz <= 0 || cutoffHz >= sampleRateHz / 2.0) {
      throw new IllegalArgumentException("cut-off " + cutoffHz + " Hz must lie between 0 and half the sample rate " + sampleRateHz + " Hz");
    }
    double w = 2 * Math.PI * cutoffHz / sampleRateHz;
    double cos = Math.cos(w);
    double alpha = Math.sin(w) / (2 * Math.sqrt(0.5));
    double a0 = 1 + alpha;
    double edge = low ? (1 - cos) / 2 : (1 + cos) / 2;
    double middle = low ? 1 - cos : -(1 + cos);
    return new Biquad(edge / a0, middle / a0, edge / a0, -2 * cos / a0, (1 - alpha) / a0);
  }

  double filter(double x) {
    double y = b0 * x + z1;
    z1 = b1 * x - a1 * y + z2;
    z2 = b2 * x - a2 * y;
    return y;
  }
}
