package org.ecgstream.trainer.eval;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Label-fraction subsets for multi-label probes: {@link StratifiedSubsample} on each record's
 * primary class, then, for every label the subset lacks a positive (or a negative) of, one
 * seeded-random such record from the full set, so each label's probe can be fitted where possible.
 */
public final class MultiLabelSubsample {

  private MultiLabelSubsample() {}

  /** Sorted indices of the subset; {@code truth[n][labels]}, {@code primary[n]} in [0, classes). */
  public static int[] indices(int[] primary, int classes, boolean[][] truth, double fraction, long seed) {
    TreeSet<Integer> chosen = new TreeSet<>();
    for (int i : StratifiedSubsample.indices(primary, classes, fraction, seed)) {
      chosen.add(i);
    }
    Random random = new Random(seed);
    int labels = truth.length == 0 ? 0 : truth[0].length;
    for (int k = 0; k < labels; k++) {
      for (boolean wanted : new boolean[] {true, false}) {
        final int label = k;
        if (chosen.stream().anyMatch(i -> truth[i][label] == wanted)) {
          continue;
        }
        int[] candidates = IntStream.range(0, truth.length).filter(i -> truth[i][label] == wanted).toArray();
        if (candidates.length > 0) {
          chosen.add(candidates[random.nextInt(candidates.length)]);
        }
      }
    }
    int[] result = chosen.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(result);
    return result;
  }
}
