package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

  private static final int CLASSES = 3;

  /** 120 test recordings, 40 per class. */
  private static int[] labels() {
    int[] y = new int[120];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % CLASSES;
    }
    return y;
  }

  /** Probabilities that lean towards the true class by {@code signal} (0: pure noise). */
  private static double[][] probabilities(int[] y, double signal, Random random) {
    double[][] p = new double[y.length][CLASSES];
    for (int i = 0; i < y.length; i++) {
      double sum = 0;
      for (int c = 0; c < CLASSES; c++) {
        p[i][c] = Math.exp(random.nextGaussian() + (c == y[i] ? signal : 0));
        sum += p[i][c];
      }
      for (int c = 0; c < CLASSES; c++) {
        p[i][c] /= sum;
      }
    }
    return p;
  }

  @Test
  void identicalEncodersDifferByExactlyZero() {
    int[] y = labels();
    Random random = new Random(1);
    double[][][] a = {probabilities(y, 1, random), probabilities(y, 1, random)};
    PairedBootstrap.Interval interval = PairedBootstrap.macroAucDifference(a, a, y, CLASSES, 200, 7);
    assertThat(interval.low()).isZero();
    assertThat(interval.high()).isZero();
  }

  @Test
  void testResamplingWidensTheIntervalEvenWhenEveryDrawAgrees() {
    int[] y = labels();
    Random random = new Random(2);
    double[][] informative = probabilities(y, 1.5, random);
    double[][] noise = probabilities(y, 0, random);
    // Five identical draws: the t-interval over draws has zero width, the test split is still finite.
    double[][][] a = {informative, informative, informative, informative, informative};
    double[][][] b = {noise, noise, noise, noise, noise};
    double observed = RocAuc.macroOneVsRest(informative, y, CLASSES) - RocAuc.macroOneVsRest(noise, y, CLASSES);
    PairedBootstrap.Interval interval = PairedBootstrap.macroAucDifference(a, b, y, CLASSES, 300, 7);
    assertThat(interval.low()).isGreaterThan(0.1).isLessThan(observed);
    assertThat(interval.high()).isGreaterThan(observed);
    // About 2 x 1.96 standard errors of a difference of AUCs on 40 positives per class.
    assertThat(interval.high() - interval.low()).isBetween(0.05, 0.25);
    assertThat(PairedBootstrap.macroAucDifference(a, b, y, CLASSES, 300, 7)).isEqualTo(interval);
  }

  @Test
  void resampleAucByCountsEqualsRocAucOnTheExpandedResample() {
    int[] y = labels();
    Random random = new Random(3);
    double[][] p = probabilities(y, 0.5, random);
    // Coarse scores: many ties, within and across classes, as in a strongly regularised probe.
    for (double[] row : p) {
      for (int c = 0; c < CLASSES; c++) {
        row[c] = Math.round(row[c] * 10) / 10.0;
      }
    }
    int[][] ascending = new int[CLASSES][];
    for (int c = 0; c < CLASSES; c++) {
      int k = c;
      ascending[c] = java.util.stream.IntStream.range(0, y.length).boxed()
          .sorted(java.util.Comparator.comparingDouble(i -> p[i][k])).mapToInt(Integer::intValue).toArray();
    }
    for (int r = 0; r < 5; r++) {
      int[] count = new int[y.length];
      double[][] expanded = new double[y.length][];
      int[] expandedLabels = new int[y.length];
      for (int i = 0; i < y.length; i++) {
        int pick = random.nextInt(y.length);
        count[pick]++;
        expanded[i] = p[pick];
        expandedLabels[i] = y[pick];
      }
      assertThat(PairedBootstrap.macroAuc(p, ascending, y, count))
          .isCloseTo(RocAuc.macroOneVsRest(expanded, expandedLabels, CLASSES), within(1e-12));
    }
  }

  @Test
  void percentileInterpolatesBetweenOrderStatistics() {
    double[] sorted = {0, 1, 2, 3, 4};
    assertThat(PairedBootstrap.percentile(sorted, 0.5)).isEqualTo(2);
    assertThat(PairedBootstrap.percentile(sorted, 0.025)).isCloseTo(0.1, within(1e-12));
    assertThat(PairedBootstrap.percentile(sorted, 0.975)).isCloseTo(3.9, within(1e-12));
  }
}
