package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RocAucTest {

  private static final boolean T = true;
  private static final boolean F = false;

  @Test
  void perfectRankingHasAucOne() {
    assertThat(RocAuc.auc(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {F, F, T, T})).isEqualTo(1.0);
  }

  @Test
  void reversedRankingHasAucZero() {
    assertThat(RocAuc.auc(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {F, F, T, T})).isEqualTo(0.0);
  }

  @Test
  void allTiedScoresHaveAucOneHalf() {
    assertThat(RocAuc.auc(new double[] {0.3, 0.3, 0.3, 0.3, 0.3}, new boolean[] {F, T, F, T, T}))
        .isEqualTo(0.5);
  }

  @Test
  void oneMisorderedPairOfFourGivesThreeQuarters() {
    // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: only 0.35 < 0.4 is misordered.
    assertThat(RocAuc.auc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {F, F, T, T}))
        .isCloseTo(0.75, within(1e-12));
  }

  @Test
  void positiveNegativeTieCountsOneHalf() {
    // Pairs: (0.5 vs 0.5) = 1/2, (0.5 vs 0.2) = 1, (0.9 vs 0.5) = 1, (0.9 vs 0.2) = 1 -> 3.5 / 4.
    assertThat(RocAuc.auc(new double[] {0.5, 0.5, 0.2, 0.9}, new boolean[] {T, F, F, T}))
        .isCloseTo(0.875, within(1e-12));
  }

  @Test
  void emptyClassOrMismatchedLengthsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> RocAuc.auc(new double[] {0.1, 0.2}, new boolean[] {T, T}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 negatives");
    assertThatThrownBy(() -> RocAuc.auc(new double[] {0.1, 0.2}, new boolean[] {F, F}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 positives");
    assertThatThrownBy(() -> RocAuc.auc(new double[] {0.1, 0.2, 0.3}, new boolean[] {T, F}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 scores but 2 labels");
  }

  @Test
  void macroAucAveragesOneVsRestAucsOverPresentClasses() {
    int[] labels = {0, 1, 2, 0};
    double[][] scores = {
      // class 0 perfectly ranked, class 1 reversed, class 2 all tied -> (1 + 0 + 0.5) / 3
      {0.9, 0.5, 0.3},
      {0.1, 0.0, 0.3},
      {0.1, 0.6, 0.3},
      {0.8, 0.7, 0.3},
    };
    assertThat(RocAuc.macroOneVsRest(scores, labels, 3)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void macroAucSkipsClassesWithoutExamples() {
    int[] labels = {0, 1, 0, 1};
    double[][] scores = {{0.9, 0.1, 0.0}, {0.2, 0.8, 0.0}, {0.7, 0.3, 0.0}, {0.4, 0.6, 0.0}};
    assertThat(RocAuc.macroOneVsRest(scores, labels, 3)).isEqualTo(1.0);
  }

  @Test
  void curveRunsFromOriginToOneOneMonotonically() {
    Random random = new Random(11);
    double[] scores = new double[200];
    boolean[] positive = new boolean[200];
    for (int i = 0; i < scores.length; i++) {
      positive[i] = i % 3 == 0;
      // Rounded to create ties, shifted for positives to make the curve non-trivial.
      scores[i] = Math.round((random.nextGaussian() + (positive[i] ? 1 : 0)) * 4) / 4.0;
    }
    List<RocPoint> curve = RocAuc.curve(scores, positive);
    assertThat(curve.get(0)).isEqualTo(new RocPoint(0, 0));
    assertThat(curve.get(curve.size() - 1)).isEqualTo(new RocPoint(1, 1));
    double area = 0;
    for (int i = 1; i < curve.size(); i++) {
      assertThat(curve.get(i).fpr()).isGreaterThanOrEqualTo(curve.get(i - 1).fpr());
      assertThat(curve.get(i).tpr()).isGreaterThanOrEqualTo(curve.get(i - 1).tpr());
      area += (curve.get(i).fpr() - curve.get(i - 1).fpr())
          * (curve.get(i).tpr() + curve.get(i - 1).tpr()) / 2;
    }
    // With ties drawn as one diagonal step, the trapezoid area equals the Mann-Whitney AUC.
    assertThat(area).isCloseTo(RocAuc.auc(scores, positive), within(1e-12));
  }

  @Test
  void tiedScoresFormASingleStep() {
    List<RocPoint> curve = RocAuc.curve(new double[] {0.5, 0.5, 0.5}, new boolean[] {T, F, T});
    assertThat(curve).containsExactly(new RocPoint(0, 0), new RocPoint(1, 1));
    List<RocPoint> worked = RocAuc.curve(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {F, F, T, T});
    assertThat(worked).containsExactly(new RocPoint(0, 0), new RocPoint(0, 0.5),
        new RocPoint(0.5, 0.5), new RocPoint(0.5, 1), new RocPoint(1, 1));
  }
}
