package org.ecgstream.trainer.eval;

import org.ecgstream.core.bundle.ZeroShotCalibration;

/**
 * Platt scaling (Platt, 1999): fits {@code p = sigmoid(scale * score + bias)} to labelled scores by
 * Newton's method on the log-likelihood, with Platt's smoothed targets so separable data cannot
 * drive the parameters to infinity. Turns a label's zero-shot cosine into a probability.
 */
public final class PlattScaling {

  private static final int ITERATIONS = 100;

  private PlattScaling() {}

  /** The calibration of {@code scores} against {@code positive}; null when it would not be increasing. */
  public static ZeroShotCalibration fit(double[] scores, boolean[] positive) {
    int positives = 0;
    for (boolean p : positive) {
      positives += p ? 1 : 0;
    }
    int negatives = positive.length - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("calibration needs positives and negatives, got " + positives + " and " + negatives);
    }
    double high = (positives + 1.0) / (positives + 2.0);
    double low = 1.0 / (negatives + 2.0);
    double a = 0;
    double b = Math.log((positives + 1.0) / (negatives + 1.0));
    for (int iteration = 0; iteration < ITERATIONS; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = 1e-9;
      double hab = 0;
      double hbb = 1e-9;
      for (int i = 0; i < scores.length; i++) {
        double p = 1 / (1 + Math.exp(-(a * scores[i] + b)));
        double t = positive[i] ? high : low;
        double w = p * (1 - p);
        ga += (p - t) * scores[i];
        gb += p - t;
        haa += w * scores[i] * scores[i];
        hab += w * scores[i];
        hbb += w;
      }
      double det = haa * hbb - hab * hab;
      double da = (hbb * ga - hab * gb) / det;
      double db = (haa * gb - hab * ga) / det;
      a -= da;
      b -= db;
      if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) {
        break;
      }
    }
    return a > 0 && Double.isFinite(b) ? new ZeroShotCalibration(a, b) : null;
  }
}
