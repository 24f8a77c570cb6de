package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassWeightingTest {

  @Test
  void balancedWeightsGiveEachPresentClassTheSameTotal() {
    int[] y = {0, 0, 0, 2};
    assertThat(ClassWeighting.BALANCED.weights(y, 3)).containsExactly(new double[] {2.0 / 3, 2.0 / 3, 2.0 / 3, 2.0}, within(1e-12));
    assertThat(ClassWeighting.NONE.weights(y, 3)).containsExactly(1, 1, 1, 1);
  }

  @Test
  void balancedProbeNoLongerIgnoresTheRareClass() {
    // 90 versus 10 examples of two overlapping one-dimensional classes.
    Random random = new Random(4);
    float[][] x = new float[100][1];
    int[] y = new int[100];
    for (int i = 0; i < 100; i++) {
      y[i] = i < 90 ? 0 : 1;
      x[i][0] = (float) (random.nextGaussian() + y[i]);
    }
    double none = meanRareProbability(LogisticRegressionProbe.fit(x, y, 2, 1e-3, ClassWeighting.NONE).predictProba(x));
    double balanced = meanRareProbability(LogisticRegressionProbe.fit(x, y, 2, 1e-3, ClassWeighting.BALANCED).predictProba(x));
    // Unweighted, the fitted probabilities average the class share (0.10); balanced, about one half.
    assertThat(none).isCloseTo(0.10, within(0.02));
    assertThat(balanced).isBetween(0.4, 0.6);
  }

  private static double meanRareProbability(double[][] p) {
    double sum = 0;
    for (double[] row : p) {
      sum += row[1];
    }
    return sum / p.length;
  }
}
