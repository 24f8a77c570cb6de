package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.ecgstream.core.bundle.ZeroShotCalibration;
import org.junit.jupiter.api.Test;

class PlattScalingTest {

  @Test
  void recoversTheSigmoidThatGeneratedTheLabels() {
    Random random = new Random(5);
    int n = 20_000;
    double[] scores = new double[n];
    boolean[] positive = new boolean[n];
    for (int i = 0; i < n; i++) {
      scores[i] = random.nextDouble() * 0.6 - 0.2;
      positive[i] = random.nextDouble() < 1 / (1 + Math.exp(-(20 * scores[i] - 3)));
    }
    ZeroShotCalibration c = PlattScaling.fit(scores, positive);
    assertThat(c.scale()).isCloseTo(20, within(1.5));
    assertThat(c.bias()).isCloseTo(-3, within(0.3));
  }

  @Test
  void perfectlySeparatedScoresStayFinite() {
    ZeroShotCalibration c = PlattScaling.fit(new double[] {0.1, 0.2, 0.5, 0.6}, new boolean[] {false, false, true, true});
    assertThat(c.probability(0.6)).isGreaterThan(0.5);
    assertThat(c.probability(0.1)).isLessThan(0.5);
    assertThat(c.scale()).isFinite();
  }

  @Test
  void decreasingRelationIsNotACalibration() {
    assertThat(PlattScaling.fit(new double[] {0.1, 0.2, 0.5, 0.6}, new boolean[] {true, true, false, false})).isNull();
  }
}
