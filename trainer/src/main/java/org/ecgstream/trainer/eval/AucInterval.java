package org.ecgstream.trainer.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A ROC AUC with its 95 % percentile bootstrap interval (Efron and Tibshirani 1993, ch. 13):
 * positives and negatives are resampled separately with replacement, so every resample keeps the
 * observed class counts (a stratified bootstrap; with 3 positives an unstratified one would often
 * draw none). With few positives the interval is wide; that is the point of reporting it.
 *
 * @param auc the AUC on the data as observed
 * @param low 2.5th percentile of the resampled AUCs
 * @param high 97.5th percentile of the resampled AUCs
 * @param positives positives in the data
 * @param negatives negatives in the data
 */
public record AucInterval(double auc, double low, double high, int positives, int negatives) {

  public static final int RESAMPLES = 2000;
  public static final long SEED = 20261126;

  /** The AUC of {@code scores} against {@code positive} with its stratified bootstrap interval. */
  public static AucInterval of(double[] scores, boolean[] positive) {
    return of(scores, positive, RESAMPLES, SEED);
  }

  public static AucInterval of(double[] scores, boolean[] positive, int resamples, long seed) {
    int p = 0;
    for (boolean b : positive) {
      p += b ? 1 : 0;
    }
    int n = positive.length - p;
    if (p == 0 || n == 0) {
      throw new IllegalArgumentException("an AUC needs positives and negatives, got " + p + " and " + n);
    }
    double[] pos = new double[p];
    double[] neg = new double[n];
    for (int i = 0, a = 0, b = 0; i < positive.length; i++) {
      if (positive[i]) {
        pos[a++] = scores[i];
      } else {
        neg[b++] = scores[i];
      }
    }
    double auc = RocAuc.auc(scores, positive);
    SplittableRandom random = new SplittableRandom(seed);
    double[] draws = new double[resamples];
    // A resample: p positives drawn from the positives, then n negatives from the negatives.
    double[] resampled = new double[p + n];
    boolean[] resampledPositive = new boolean[p + n];
    Arrays.fill(resampledPositive, 0, p, true);
    for (int r = 0; r < resamples; r++) {
      for (int i = 0; i < p; i++) {
        resampled[i] = pos[random.nextInt(p)];
      }
      for (int i = 0; i < n; i++) {
        resampled[p + i] = neg[random.nextInt(n)];
      }
      draws[r] = RocAuc.auc(resampled, resampledPositive);
    }
    Arrays.sort(draws);
    return new AucInterval(auc, draws[(int) Math.floor(0.025 * (resamples - 1))],
        draws[(int) Math.ceil(0.975 * (resamples - 1))], p, n);
  }

  /** Whether the whole interval lies above {@code level} (e.g. 0.5: better than chance). */
  public boolean excludes(double level) {
    return low > level;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f] (%d pos, %d neg)", auc, low, high, positives, negatives);
  }
}
