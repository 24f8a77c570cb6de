package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSubsampleTest {

  /** 1000 of class 0, 50 of class 1, 3 of class 2, none of class 3, interleaved. */
  private static int[] imbalancedLabels() {
    int[] labels = new int[1053];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i < 3 * 20 && i % 20 == 7 ? 2 : i % 21 == 0 && i < 1050 ? 1 : 0;
    }
    return labels;
  }

  private static int[] perClass(int[] labels, int[] indices, int classes) {
    int[] counts = new int[classes];
    for (int i : indices) {
      counts[labels[i]]++;
    }
    return counts;
  }

  @Test
  void onePercentKeepsClassProportionsAndAtLeastOnePerPresentClass() {
    int[] labels = imbalancedLabels();
    int[] all = perClass(labels, IntStream.range(0, labels.length).toArray(), 4);
    int[] subset = StratifiedSubsample.indices(labels, 4, 0.01, 1L);
    int[] counts = perClass(labels, subset, 4);
    for (int c = 0; c < 4; c++) {
      int expected = all[c] == 0 ? 0 : (int) Math.max(1, Math.round(0.01 * all[c]));
      assertThat(counts[c]).as("class %d", c).isEqualTo(expected);
    }
    assertThat(counts[2]).isEqualTo(1);
    assertThat(subset).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void sameSeedGivesSameSubsetAndOtherSeedAnother() {
    int[] labels = imbalancedLabels();
    int[] first = StratifiedSubsample.indices(labels, 4, 0.1, 7L);
    assertThat(StratifiedSubsample.indices(labels, 4, 0.1, 7L)).containsExactly(first);
    assertThat(Arrays.equals(StratifiedSubsample.indices(labels, 4, 0.1, 8L), first)).isFalse();
  }

  @Test
  void fullFractionKeepsEveryExample() {
    int[] labels = imbalancedLabels();
    assertThat(StratifiedSubsample.indices(labels, 4, 1.0, 3L))
        .containsExactly(IntStream.range(0, labels.length).toArray());
  }

  @Test
  void fractionOutsideUnitIntervalIsRejected() {
    assertThatThrownBy(() -> StratifiedSubsample.indices(new int[] {0, 1}, 2, 0.0, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fraction must be in (0, 1]");
  }
}
