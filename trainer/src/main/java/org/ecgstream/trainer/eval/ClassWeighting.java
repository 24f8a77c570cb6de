package org.ecgstream.trainer.eval;

/**
 * How much each labelled example counts in a probe's cross-entropy. With 12 labelled recordings
 * (6 normal, 2 AF, 4 other) an unweighted probe is fitted mostly to the normal class; balanced
 * weights give every present class the same total weight, as scikit-learn's
 * {@code class_weight="balanced"}: {@code n / (presentClasses * count(class))}.
 */
public enum ClassWeighting {
  /** Every example weighs 1. */
  NONE,
  /** Every present class weighs the same in total; the weights still sum to the example count. */
  BALANCED;

  /** One weight per example of {@code y} (labels in [0, classes)); they sum to {@code y.length}. */
  public double[] weights(int[] y, int classes) {
    double[] w = new double[y.length];
    if (this == NONE) {
      java.util.Arrays.fill(w, 1);
      return w;
    }
    int[] counts = new int[classes];
    for (int label : y) {
      counts[label]++;
    }
    int present = 0;
    for (int count : counts) {
      if (count > 0) {
        present++;
      }
    }
    for (int i = 0; i < y.length; i++) {
      w[i] = (double) y.length / (present * counts[y[i]]);
    }
    return w;
  }
}
