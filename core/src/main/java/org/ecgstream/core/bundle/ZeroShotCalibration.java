package org.ecgstream.core.bundle;

/**
 * Per-label mapping from cosine similarity to probability: {@code sigmoid(scale * cosine + bias)},
 * the form of the SigLIP loss the encoders were trained with.
 *
 * @param scale multiplier of the cosine similarity (positive)
 * @param bias offset added before the sigmoid
 */
public record ZeroShotCalibration(double scale, double bias) {

  public ZeroShotCalibration {
    if (!(Double.isFinite(scale) && scale > 0) || !Double.isFinite(bias)) {
      throw new IllegalArgumentException(
          "calibration needs a finite positive scale and a finite bias, got scale " + scale + ", bias " + bias);
    }
  }

  /** Probability for a cosine similarity. */
  public double probability(double cosine) {
    return 1.0 / (1.0 + Math.exp(-(scale * cosine + bias)));
  }
}
