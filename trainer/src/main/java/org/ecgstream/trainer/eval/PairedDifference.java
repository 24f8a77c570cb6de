package org.ecgstream.trainer.eval;

/**
 * The difference between two encoders' figures paired by label draw (draw d trained both probes
 * on the same labelled recordings), with the mean, the standard deviation across draws and a 95 %
 * Student-t interval of the mean. The interval covers the variation between label draws only: the
 * test split is fixed, so the sampling error of the test recordings themselves is not in it;
 * {@code withTestResampling} (null when not computed) is the {@link PairedBootstrap} interval that
 * resamples the test recordings too.
 */
public record PairedDifference(int draws, double mean, double sd, double ci95Low, double ci95High,
    PairedBootstrap.Interval withTestResampling) {

  private static final double Z_975 = 1.959963984540054;

  /** {@code a[d] - b[d]} summarised over the draws; needs at least two paired draws. */
  public static PairedDifference of(double[] a, double[] b) {
    if (a.length != b.length || a.length < 2) {
      throw new IllegalArgumentException("paired difference: " + a.length + " and " + b.length
          + " draws (need the same number, at least 2, to pair them)");
    }
    int n = a.length;
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = a[i] - b[i];
    }
    double mean = CinCEvaluation.mean(d);
    double sd = CinCEvaluation.sd(d);
    double half = tQuantile975(n - 1) * sd / Math.sqrt(n);
    return new PairedDifference(n, mean, sd, mean - half, mean + half, null);
  }

  /** This difference with the interval that also resamples the test recordings. */
  public PairedDifference withTestResampling(PairedBootstrap.Interval interval) {
    return new PairedDifference(draws, mean, sd, ci95Low, ci95High, interval);
  }

  /**
   * The 97.5 % quantile of Student's t with {@code df} degrees of freedom: exact for 1 and 2, else
   * the Cornish-Fisher expansion around the normal quantile (Hill, CACM 1970, Algorithm 396),
   * within 0.002 of the tables from 3 degrees of freedom on.
   */
  static double tQuantile975(int df) {
    if (df < 1) {
      throw new IllegalArgumentException("t quantile: degrees of freedom must be at least 1, got " + df);
    }
    if (df == 1) {
      return Math.tan(Math.PI * 0.475);
    }
    if (df == 2) {
      return 0.95 / Math.sqrt(2 * 0.975 * 0.025);
    }
    double z = Z_975;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    double z7 = z5 * z * z;
    double z9 = z7 * z * z;
    double v = df;
    return z
        + (z3 + z) / (4 * v)
        + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
        + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
  }
}
