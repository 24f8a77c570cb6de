package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MultiLabelSubsampleTest {

  @Test
  void onePercentKeepsOnePerPrimaryClassThenAddsAMissingPositiveAndNegativePerLabel() {
    // 100 records, primary class 0 for all; label 0 true for all but record 99, label 1 true only for record 42.
    int[] primary = new int[100];
    boolean[][] truth = new boolean[100][2];
    for (int i = 0; i < 100; i++) {
      truth[i][0] = i != 99;
      truth[i][1] = i == 42;
    }

    int[] subset = MultiLabelSubsample.indices(primary, 1, truth, 0.01, 5);

    assertThat(subset).contains(99, 42).isSorted();
    assertThat(subset.length).isBetween(3, 4);
    assertThat(MultiLabelSubsample.indices(primary, 1, truth, 0.01, 5)).isEqualTo(subset);
  }

  @Test
  void aLabelWithoutPositivesAnywhereStaysWithoutAndIsNotAnError() {
    int[] primary = {0, 0, 1, 1};
    boolean[][] truth = {{false}, {false}, {false}, {false}};

    assertThat(MultiLabelSubsample.indices(primary, 2, truth, 1.0, 1)).containsExactly(0, 1, 2, 3);
  }
}
