package org.ecgstream.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ZeroPhaseBandPassTest {

  private final ZeroPhaseBandPass filter = new ZeroPhaseBandPass(0.5, 40, 100);

  @Test
  void passesQrsBandWithoutShiftingIt() {
    float[] x = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * 10 * i / 100.0);
    }
    float[] y = filter.apply(x);
    // Zero phase: the output lines up sample for sample with the input.
    for (int i = 100; i < 900; i++) {
      assertThat(y[i]).isCloseTo(x[i], within(0.05f));
    }
  }

  @Test
  void removesBaselineWanderAndOffset() {
    float[] x = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = 2f + (float) Math.sin(2 * Math.PI * 0.05 * i / 100.0);
    }
    float[] y = filter.apply(x);
    for (int i = 0; i < y.length; i++) {
      assertThat(Math.abs(y[i])).isLessThan(0.1f);
    }
  }

  @Test
  void refusesCornersAboveNyquist() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ZeroPhaseBandPass(0.5, 60, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100.0 Hz");
  }
}
