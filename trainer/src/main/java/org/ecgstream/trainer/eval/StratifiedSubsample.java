package org.ecgstream.trainer.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * Deterministic stratified subset of a labelled set, used to train linear probes on 1%, 10% and
 * 100% of the labels: each present class keeps {@code round(fraction * count)} examples, never
 * fewer than one, chosen by a seeded shuffle within the class.
 */
public final class StratifiedSubsample {

  private StratifiedSubsample() {}

  /** Sorted indices into {@code labels} of the subset; same inputs and seed give the same subset. */
  public static int[] indices(int[] labels, int classes, double fraction, long seed) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("subsample: fraction must be in (0, 1], got " + fraction
          + " (use 0.01 for 1% of the labels)");
    }
    int[][] byClass = new int[classes][];
    int[] counts = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("subsample: label " + labels[i] + " at index " + i
            + " is outside [0, " + classes + ")");
      }
      counts[labels[i]]++;
    }
    for (int c = 0; c < classes; c++) {
      byClass[c] = new int[counts[c]];
      counts[c] = 0;
    }
    for (int i = 0; i < labels.length; i++) {
      byClass[labels[i]][counts[labels[i]]++] = i;
    }
    Random random = new Random(seed);
    int[] chosen = new int[labels.length];
    int size = 0;
    for (int c = 0; c < classes; c++) {
      int[] members = byClass[c];
      if (members.length == 0) {
        continue;
      }
      // Partial Fisher-Yates: the first `keep` positions become a uniform sample of the class.
      int keep = (int) Math.max(1, Math.min(members.length, Math.round(fraction * members.length)));
      for (int i = 0; i < keep; i++) {
        int j = i + random.nextInt(members.length - i);
        int swap = members[i];
        members[i] = members[j];
        members[j] = swap;
        chosen[size++] = members[i];
      }
    }
    int[] result = Arrays.copyOf(chosen, size);
    Arrays.sort(result);
    return result;
  }
}
