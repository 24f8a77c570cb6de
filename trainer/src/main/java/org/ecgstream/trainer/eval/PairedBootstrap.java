package org.ecgstream.trainer.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * Two-level paired bootstrap of the mean macro-AUC difference between two encoders' probes. Each
 * resample picks label draws with replacement and test recordings with replacement, the same for
 * both encoders, so the interval covers the choice of labelled recordings and the finite test split
 * (the t-interval of {@link PairedDifference} covers only the first). Percentile interval (Efron
 * &amp; Tibshirani, An Introduction to the Bootstrap, 1993, ch. 13).
 */
public final class PairedBootstrap {

  /** Resamples of a reported interval. */
  public static final int RESAMPLES = 1000;
  /** Seed of a reported interval: the same figures give the same interval. */
  public static final long SEED = 2017;

  /** A 95 % percentile interval and the resamples it rests on. */
  public record Interval(double low, double high, int resamples) {}

  private PairedBootstrap() {}

  /**
   * Interval of {@code mean over draws d of [macroAuc(a[d]) - macroAuc(b[d])]}, where {@code a[d]}
   * and {@code b[d]} are the two encoders' class probabilities {@code [recording][class]} for the
   * test recordings of {@code labels} from the probes of label draw d.
   */
  public static Interval macroAucDifference(double[][][] a, double[][][] b, int[] labels, int classes, int resamples,
      long seed) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException("paired bootstrap: " + a.length + " and " + b.length
          + " draws (need the same, non-zero number)");
    }
    if (resamples < 20) {
      throw new IllegalArgumentException("paired bootstrap: " + resamples + " resamples cannot give a 95% interval "
          + "(use at least 20, reported intervals use " + RESAMPLES + ")");
    }
    Random random = new Random(seed);
    int draws = a.length;
    int n = labels.length;
    double[] statistic = new double[resamples];
    int[] y = new int[n];
    double[][] pa = new double[n][];
    double[][] pb = new double[n][];
    for (int r = 0; r < resamples; r++) {
      int[] recordings = new int[n];
      for (int i = 0; i < n; i++) {
        recordings[i] = random.nextInt(n);
        y[i] = labels[recordings[i]];
      }
      double sum = 0;
      for (int k = 0; k < draws; k++) {
        int d = random.nextInt(draws);
        for (int i = 0; i < n; i++) {
          pa[i] = a[d][recordings[i]];
          pb[i] = b[d][recordings[i]];
        }
        sum += RocAuc.macroOneVsRest(pa, y, classes) - RocAuc.macroOneVsRest(pb, y, classes);
      }
      statistic[r] = sum / draws;
    }
    Arrays.sort(statistic);
    return new Interval(percentile(statistic, 0.025), percentile(statistic, 0.975), resamples);
  }

  /** Linear interpolation between order statistics of sorted {@code v}. */
  static double percentile(double[] v, double q) {
    double position = q * (v.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(v.length - 1, lower + 1);
    return v[lower] + (position - lower) * (v[upper] - v[lower]);
  }
}
