package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AucIntervalTest {

  @Test
  void aucEqualsTheRocAucOfTheSameScoresTiesIncluded() {
    Random random = new Random(5);
    double[] scores = new double[200];
    boolean[] positive = new boolean[200];
    for (int i = 0; i < scores.length; i++) {
      positive[i] = i % 4 == 0;
      scores[i] = Math.round((random.nextGaussian() + (positive[i] ? 0.8 : 0)) * 4) / 4.0;
    }

    AucInterval interval = AucInterval.of(scores, positive);

    assertThat(interval.auc()).isCloseTo(RocAuc.auc(scores, positive), within(1e-12));
    assertThat(interval.positives()).isEqualTo(50);
    assertThat(interval.negatives()).isEqualTo(150);
    assertThat(interval.low()).isLessThan(interval.auc());
    assertThat(interval.high()).isGreaterThan(interval.auc());
  }

  @Test
  void fewPositivesGiveAWideIntervalAndManyANarrowOne() {
    Random random = new Random(11);
    AucInterval few = interval(4, 60, random);
    AucInterval many = interval(400, 600, random);

    assertThat(few.high() - few.low()).isGreaterThan(0.2);
    assertThat(many.high() - many.low()).isLessThan(0.1);
    assertThat(many.excludes(0.5)).isTrue();
  }

  @Test
  void uninformativeScoresGiveAnIntervalAroundOneHalf() {
    AucInterval chance = interval(300, 300, new Random(3), 0);

    assertThat(chance.low()).isLessThan(0.5);
    assertThat(chance.high()).isGreaterThan(0.5);
    assertThat(chance.excludes(0.5)).isFalse();
  }

  @Test
  void refusesDataWithoutBothClasses() {
    assertThatThrownBy(() -> AucInterval.of(new double[] {0.1, 0.2}, new boolean[] {true, true}))
        .hasMessageContaining("needs positives and negatives, got 2 and 0");
  }

  private static AucInterval interval(int positives, int negatives, Random random) {
    return interval(positives, negatives, random, 1.0);
  }

  private static AucInterval interval(int positives, int negatives, Random random, double separation) {
    double[] scores = new double[positives + negatives];
    boolean[] positive = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) {
      positive[i] = i < positives;
      scores[i] = random.nextGaussian() + (positive[i] ? separation : 0);
    }
    return AucInterval.of(scores, positive, 500, 7);
  }
}
