package org.ecgstream.core.quality;

import org.ecgstream.core.preprocess.ButterworthSection;

/**
 * A {@link ButterworthSection} run sample by sample: a cheap streaming low- or high-pass with state
 * that checkpoints as two numbers (plain fields, so the per-patient state holds no record type).
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
    ButterworthSection c = low ? ButterworthSection.lowPass(cutoffHz, sampleRateHz) : ButterworthSection.highPass(cutoffHz, sampleRateHz);
    return new Biquad(c.b0(), c.b1(), c.b2(), c.a1(), c.a2());
  }

  double filter(double x) {
    double y = b0 * x + z1;
    z1 = b1 * x - a1 * y + z2;
    z2 = b2 * x - a2 * y;
    return y;
  }
}
