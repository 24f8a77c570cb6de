package org.ecgstream.trainer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-label one-vs-rest AUCs of multi-label scores, and their unweighted (macro) mean. */
public final class MultiLabelAuc {

  private MultiLabelAuc() {}

  /**
   * AUC of column k of {@code scores[n][labels]} against column k of {@code truth}, by label name;
   * labels whose scores are null (no probe) or whose truth has no positive or no negative are left out.
   */
  public static Map<String, Double> perLabel(List<String> labels, double[][] scores, boolean[][] truth) {
    Map<String, Double> auc = new LinkedHashMap<>();
    for (int k = 0; k < labels.size(); k++) {
      double[] s = column(scores, k);
      boolean[] t = new boolean[truth.length];
      int positives = 0;
      for (int i = 0; i < truth.length; i++) {
        t[i] = truth[i][k];
        positives += t[i] ? 1 : 0;
      }
      if (s != null && positives > 0 && positives < truth.length) {
        auc.put(labels.get(k), RocAuc.auc(s, t));
      }
    }
    return auc;
  }

  /** Unweighted mean of the AUCs of {@code labels} present in {@code perLabel}; NaN when none is. */
  public static double macro(Map<String, Double> perLabel, List<String> labels) {
    return labels.stream().filter(perLabel::containsKey).mapToDouble(perLabel::get).average().orElse(Double.NaN);
  }

  /** Column k of {@code scores}, or null when any row has no score there (NaN). */
  static double[] column(double[][] scores, int k) {
    double[] c = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      c[i] = scores[i][k];
      if (Double.isNaN(c[i])) {
        return null;
      }
    }
    return c;
  }
}
