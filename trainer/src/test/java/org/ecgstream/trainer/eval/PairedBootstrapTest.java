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
  void percentileInterpolatesBetweenOrderStatistics() {
    double[] sorted = {0, 1, 2, 3, 4};
    assertThat(PairedBootstrap.percentile(sorted, 0.5)).isEqualTo(2);
    assertThat(PairedBootstrap.percentile(sorted, 0.025)).isCloseTo(0.1, within(1e-12));
    assertThat(PairedBootstrap.percentile(sorted, 0.975)).isCloseTo(3.9, within(1e-12));
  }
}
