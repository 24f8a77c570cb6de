package org.ecgstream.trainer.negatives;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * C-MELT's nearest-neighbour negative sampling (N3S): the mismatched report for an ECG is drawn at
 * random among the reports farthest from its own report in a fixed text space, so a report that
 * says the same thing in other words (a false negative) is never used as a negative.
 */
public final class NearestNeighbourNegativeSampler {

  private final TfIdfReportSpace space;
  private final double farthestFraction;
  private final ConcurrentHashMap<Integer, int[]> candidates = new ConcurrentHashMap<>();

  /**
   * @param space the reports
   * @param farthestFraction the share of all reports, farthest first, eligible as negatives
   */
  public NearestNeighbourNegativeSampler(TfIdfReportSpace space, double farthestFraction) {
    if (!(farthestFraction > 0 && farthestFraction <= 0.5)) {
      throw new IllegalArgumentException("farthest fraction must lie in (0, 0.5]: " + farthestFraction);
    }
    if (space.size() < 2) {
      throw new IllegalArgumentException("negative sampling needs at least two reports, got " + space.size());
    }
    this.space = space;
    this.farthestFraction = farthestFraction;
  }

  /** A negative report index for the ECG whose own report is {@code reportIndex}. */
  public int negativeFor(int reportIndex, Random random) {
    int[] eligible = candidates.computeIfAbsent(reportIndex, this::farthest);
    return eligible[random.nextInt(eligible.length)];
  }

  /** The eligible negatives of a report, farthest first. */
  public int[] eligibleNegatives(int reportIndex) {
    return candidates.computeIfAbsent(reportIndex, this::farthest).clone();
  }

  private int[] farthest(int reportIndex) {
    int n = space.size();
    long[] keyed = new long[n - 1];
    int k = 0;
    for (int other = 0; other < n; other++) {
      if (other == reportIndex) {
        continue;
      }
      // Similarity in the high bits (quantised), index in the low bits: one sort, ties by index.
      long similarity = Math.round(space.similarity(reportIndex, other) * 1_000_000);
      keyed[k++] = (similarity << 32) | other;
    }
    Arrays.sort(keyed);
    int count = Math.max(1, (int) Math.floor(farthestFraction * (n - 1)));
    double limit = (keyed[count - 1] >>> 32) / 1_000_000.0;
    int[] eligible = new int[count];
    for (int i = 0; i < count; i++) {
      eligible[i] = (int) (keyed[i] & 0xffffffffL);
    }
    if (limit >= 0.999) {
      throw new IllegalStateException("report " + reportIndex
          + " has no report far from it: every candidate says the same (add more varied reports)");
    }
    return eligible;
  }
}
