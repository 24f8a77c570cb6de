package org.ecgstream.trainer.eval;

/**
 * One-vs-rest linear probe for multi-label data: per label, a two-class
 * {@link LogisticRegressionProbe} (L2 chosen by its cross-validation) on the frozen embeddings;
 * a label without a positive or without a negative among the training rows gets no probe.
 */
public final class MultiLabelProbe {

  private final LogisticRegressionProbe[] probes;

  private MultiLabelProbe(LogisticRegressionProbe[] probes) {
    this.probes = probes;
  }

  /** Fits one probe per column of {@code truth[n][labels]} on {@code x[n][features]}. */
  public static MultiLabelProbe fit(float[][] x, boolean[][] truth) {
    int labels = truth[0].length;
    LogisticRegressionProbe[] probes = new LogisticRegressionProbe[labels];
    for (int k = 0; k < labels; k++) {
      int[] y = new int[truth.length];
      int positives = 0;
      for (int i = 0; i < truth.length; i++) {
        y[i] = truth[i][k] ? 1 : 0;
        positives += y[i];
      }
      if (positives > 0 && positives < truth.length) {
        probes[k] = LogisticRegressionProbe.fitWithL2Search(x, y, 2);
      }
    }
    return new MultiLabelProbe(probes);
  }

  /** True when label k got a probe. */
  public boolean fitted(int k) {
    return probes[k] != null;
  }

  /** Probability of each label, {@code [n][labels]}; NaN for labels without a probe. */
  public double[][] predictProba(float[][] x) {
    double[][] p = new double[x.length][probes.length];
    for (int k = 0; k < probes.length; k++) {
      double[][] pk = probes[k] == null ? null : probes[k].predictProba(x);
      for (int i = 0; i < x.length; i++) {
        p[i][k] = pk == null ? Double.NaN : pk[i][1];
      }
    }
    return p;
  }
}
