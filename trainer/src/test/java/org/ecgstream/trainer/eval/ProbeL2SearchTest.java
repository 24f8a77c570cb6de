package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeL2SearchTest {

  /** 6 / 2 / 4 examples of three classes: the class counts of a 1 % CinC 2017 draw. */
  private static final int[] ONE_PERCENT_DRAW = {0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2};

  /**
   * Class c shifted by {@code separation} along every third feature (j mod 3 = c), so the signal is
   * spread over many features as in an embedding; offset and scaled so standardisation matters.
   */
  private static float[][] blobs(int[] y, int features, double separation, Random random) {
    float[][] x = new float[y.length][features];
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < features; j++) {
        x[i][j] = (float) (20 + 4 * (random.nextGaussian() + (j % 3 == y[i] ? separation : 0)));
      }
    }
    return x;
  }

  @Test
  void separableTwelveLabelDrawIsBarelyRegularised() {
    float[][] x = blobs(ONE_PERCENT_DRAW, 32, 3.0, new Random(1));
    ProbeL2Search.Choice choice =
        ProbeL2Search.choose(x, ONE_PERCENT_DRAW, 3, ClassWeighting.BALANCED);
    assertThat(choice.leaveOneOut()).isTrue();
    // Held-out examples are classified confidently and rightly, so a weaker penalty keeps winning.
    assertThat(choice.l2()).isLessThanOrEqualTo(0.01);
    assertThat(choice.heldOutScores()[0]).isLessThan(choice.heldOutScores()[ProbeL2Search.L2_GRID.length - 1]);
  }

  @Test
  void labelsUnrelatedToTheFeaturesGetTheStrongestPenalty() {
    // Pure noise: any fitted direction hurts held-out examples, predicting the class shares is best.
    float[][] x = blobs(ONE_PERCENT_DRAW, 32, 0.0, new Random(2));
    ProbeL2Search.Choice choice =
        ProbeL2Search.choose(x, ONE_PERCENT_DRAW, 3, ClassWeighting.BALANCED);
    assertThat(choice.l2()).isGreaterThanOrEqualTo(100);
  }

  @Test
  void fiveFoldsWhenEveryClassHasFiveExamplesElseLeaveOneOut() {
    int[] y = new int[30];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
    }
    int[] fold = ProbeL2Search.folds(y, 3);
    for (int k = 0; k < ProbeL2Search.FOLDS; k++) {
      int[] perClass = new int[3];
      for (int i = 0; i < y.length; i++) {
        if (fold[i] == k) {
          perClass[y[i]]++;
        }
      }
      assertThat(perClass).containsExactly(2, 2, 2);
    }
    assertThat(ProbeL2Search.folds(ONE_PERCENT_DRAW, 3)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
  }

  @Test
  void searchIsDeterministicAndPicksFromTheGrid() {
    float[][] x = blobs(ONE_PERCENT_DRAW, 16, 1.0, new Random(3));
    ProbeL2Search.Choice first =
        ProbeL2Search.choose(x, ONE_PERCENT_DRAW, 3, ClassWeighting.NONE);
    ProbeL2Search.Choice second =
        ProbeL2Search.choose(x, ONE_PERCENT_DRAW, 3, ClassWeighting.NONE);
    assertThat(ProbeL2Search.L2_GRID).contains(first.l2());
    assertThat(second.heldOutScores()).containsExactly(first.heldOutScores());
    assertThat(ProbeL2Search.fit(x, ONE_PERCENT_DRAW, 3, ClassWeighting.NONE).l2()).isEqualTo(first.l2());
  }
}
