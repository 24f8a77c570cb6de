package org.ecgstream.trainer.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Area under the ROC curve, computed as the Mann-Whitney U statistic with average ranks for tied
 * scores (Hanley &amp; McNeil 1982), so a tie between a positive and a negative counts one half.
 */
public final class RocAuc {

  private RocAuc() {}

  /** AUC of {@code scores} (higher means more likely positive) against the binary truth. */
  public static double auc(double[] scores, boolean[] positive) {
    checkBinary(scores, positive);
    int n = scores.length;
    Integer[] order = ascendingOrder(scores);
    double positiveRankSum = 0;
    long positives = 0;
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
        end++;
      }
      // Ranks are 1-based; every member of a tie group gets the mean rank of the group.
      double averageRank = (start + end) / 2.0 + 1;
      for (int i = start; i <= end; i++) {
        if (positive[order[i]]) {
          positiveRankSum += averageRank;
          positives++;
        }
      }
      start = end + 1;
    }
    long negatives = n - positives;
    double u = positiveRankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }

  /**
   * Unweighted mean of the one-vs-rest AUCs of {@code scores[n][classes]} against {@code labels}.
   * Classes that have no positive or no negative example are skipped (their AUC is undefined);
   * at least one class must remain.
   */
  public static double macroOneVsRest(double[][] scores, int[] labels, int classes) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException("macro AUC: " + scores.length + " score rows but "
          + labels.length + " labels (one row per labelled example expected)");
    }
    int[] counts = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("macro AUC: label " + labels[i] + " at index " + i
            + " is outside [0, " + classes + ")");
      }
      if (scores[i].length != classes) {
        throw new IllegalArgumentException("macro AUC: score row " + i + " has " + scores[i].length
            + " columns, expected one per class (" + classes + ")");
      }
      counts[labels[i]]++;
    }
    double sum = 0;
    int used = 0;
    for (int c = 0; c < classes; c++) {
      if (counts[c] == 0 || counts[c] == labels.length) {
        continue;
      }
      double[] column = new double[labels.length];
      boolean[] isClass = new boolean[labels.length];
      for (int i = 0; i < labels.length; i++) {
        column[i] = scores[i][c];
        isClass[i] = labels[i] == c;
      }
      sum += auc(column, isClass);
      used++;
    }
    if (used == 0) {
      throw new IllegalArgumentException("macro AUC: no class has both positive and negative "
          + "examples among " + labels.length + " labels (need at least two classes present)");
    }
    return sum / used;
  }

  /**
   * ROC curve from (0, 0) to (1, 1), sweeping the threshold from the highest score down; all
   * examples sharing a score are admitted together, giving one (possibly diagonal) step.
   */
  public static List<RocPoint> curve(double[] scores, boolean[] positive) {
    checkBinary(scores, positive);
    int n = scores.length;
    long positives = 0;
    for (boolean p : positive) {
      if (p) {
        positives++;
      }
    }
    long negatives = n - positives;
    Integer[] order = ascendingOrder(scores);
    List<RocPoint> points = new ArrayList<>();
    points.add(new RocPoint(0, 0));
    long truePositives = 0;
    long falsePositives = 0;
    int end = n - 1;
    while (end >= 0) {
      int start = end;
      while (start - 1 >= 0 && scores[order[start - 1]] == scores[order[end]]) {
        start--;
      }
      for (int i = start; i <= end; i++) {
        if (positive[order[i]]) {
          truePositives++;
        } else {
          falsePositives++;
        }
      }
      points.add(new RocPoint((double) falsePositives / negatives, (double) truePositives / positives));
      end = start - 1;
    }
    return points;
  }

  private static Integer[] ascendingOrder(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    return order;
  }

  private static void checkBinary(double[] scores, boolean[] positive) {
    if (scores.length != positive.length) {
      throw new IllegalArgumentException("AUC: " + scores.length + " scores but " + positive.length
          + " labels (one label per score expected)");
    }
    int positives = 0;
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("AUC: score " + i + " is NaN (check the model output)");
      }
      if (positive[i]) {
        positives++;
      }
    }
    if (positives == 0 || positives == scores.length) {
      throw new IllegalArgumentException("AUC is undefined: " + positives + " positives and "
          + (scores.length - positives) + " negatives (both classes need at least one example)");
    }
  }
}
