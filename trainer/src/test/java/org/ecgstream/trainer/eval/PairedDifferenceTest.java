package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

  @Test
  void tQuantilesMatchTheTables() {
    // Two-sided 95 % critical values of Student's t (any statistics table).
    assertThat(PairedDifference.tQuantile975(1)).isCloseTo(12.706, within(0.001));
    assertThat(PairedDifference.tQuantile975(2)).isCloseTo(4.303, within(0.001));
    assertThat(PairedDifference.tQuantile975(4)).isCloseTo(2.776, within(0.002));
    assertThat(PairedDifference.tQuantile975(19)).isCloseTo(2.093, within(0.001));
    assertThat(PairedDifference.tQuantile975(49)).isCloseTo(2.010, within(0.001));
  }

  @Test
  void differenceIsPairedByDraw() {
    // The encoders vary a lot between draws but their difference is always 0.10 +- 0.01.
    double[] a = {0.50, 0.71, 0.62, 0.90, 0.55};
    double[] b = {0.41, 0.60, 0.51, 0.80, 0.46};
    PairedDifference d = PairedDifference.of(a, b);
    assertThat(d.draws()).isEqualTo(5);
    assertThat(d.mean()).isCloseTo(0.10, within(1e-9));
    // Differences 0.09, 0.11, 0.11, 0.10, 0.09: sd 0.01, half-width t(4) * 0.01 / sqrt(5).
    assertThat(d.sd()).isCloseTo(0.01, within(1e-9));
    assertThat(d.ci95High() - d.mean()).isCloseTo(2.776 * 0.01 / Math.sqrt(5), within(1e-4));
    assertThat(d.ci95Low()).isGreaterThan(0.08);
  }

  @Test
  void unpairedInputIsRefused() {
    assertThatThrownBy(() -> PairedDifference.of(new double[3], new double[4]))
        .hasMessageContaining("at least 2, to pair them");
  }
}
