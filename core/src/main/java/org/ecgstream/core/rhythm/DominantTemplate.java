package org.ecgstream.core.rhythm;

/**
 * The shape of a patient's dominant QRS complex on the rhythm lead, averaged over the dominant
 * beats, and how well a new complex matches it (the largest correlation coefficient over small
 * shifts, so that R-peak placement jitter does not count as a change of shape). Template matching
 * is how bedside arrhythmia analysis tells ectopic from dominant beats beside width.
 */
final class DominantTemplate {

  static final double BEFORE_SECONDS = 0.100;
  static final double AFTER_SECONDS = 0.150;
  static final double SHIFT_SECONDS = 0.012;
  /** Weight of a new dominant beat in the running average. */
  static final double LEARNING_RATE = 0.125;

  private final int before;
  private final int shift;
  private final float[] complex;
  private final double[] template;
  private int learned;

  DominantTemplate(int sampleRateHz) {
    this.before = (int) Math.round(BEFORE_SECONDS * sampleRateHz);
    this.shift = Math.max(1, (int) Math.round(SHIFT_SECONDS * sampleRateHz));
    int length = before + (int) Math.round(AFTER_SECONDS * sampleRateHz) + 1 + 2 * shift;
    this.complex = new float[length];
    this.template = new double[length - 2 * shift];
  }

  /** Samples before the R peak to copy into {@link #buffer()}. */
  int beforeSamples() {
    return before + shift;
  }

  /** Where the caller copies the complex to judge or learn. */
  float[] buffer() {
    return complex;
  }

  boolean ready() {
    return learned >= 4;
  }

  /** Largest correlation of the buffered complex with the template over the allowed shifts. */
  double correlation() {
    double best = -1;
    int m = template.length;
    double tMean = 0;
    for (double v : template) {
      tMean += v;
    }
    tMean /= m;
    for (int s = 0; s <= 2 * shift; s++) {
      double cMean = 0;
      for (int k = 0; k < m; k++) {
        cMean += complex[s + k];
      }
      cMean /= m;
      double sxy = 0;
      double sxx = 0;
      double syy = 0;
      for (int k = 0; k < m; k++) {
        double x = complex[s + k] - cMean;
        double y = template[k] - tMean;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
      if (sxx > 0 && syy > 0) {
        best = Math.max(best, sxy / Math.sqrt(sxx * syy));
      }
    }
    return best;
  }

  /** Adds the buffered complex (unshifted) to the running average. */
  void learn() {
    double rate = learned < 8 ? 1.0 / (learned + 1) : LEARNING_RATE;
    double mean = 0;
    for (int k = 0; k < template.length; k++) {
      mean += complex[shift + k];
    }
    mean /= template.length;
    for (int k = 0; k < template.length; k++) {
      template[k] += rate * (complex[shift + k] - mean - template[k]);
    }
    learned++;
  }
}
