package org.ecgstream.dashboard.ward;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecgstream.core.signal.Int16Samples;
import org.junit.jupiter.api.Test;

class WaveformDecimatorTest {

  @Test
  void fiveHundredHertzBecomesOneHundredTwentyFiveInMicrovoltsAcrossFrameBoundaries() {
    WaveformDecimator d = new WaveformDecimator(125);
    short[] first = {1000, 1000, 1000, 1000, 500, 500}; // 1000 units per mV: 1 mV then 0.5 mV
    short[] second = {500, 500, -200, -200, -200, -200};
    assertThat(d.accept(first, 500, 1000f, 0)).containsExactly(1000);
    assertThat(d.accept(second, 500, 1000f, 0)).containsExactly(500, -200);
    assertThat(d.outputRateHz()).isEqualTo(125);
  }

  @Test
  void baselineAndGainAreAppliedAndInvalidSamplesShowAsBaseline() {
    WaveformDecimator d = new WaveformDecimator(250);
    short[] samples = {2200, 2200, Int16Samples.INVALID, Int16Samples.INVALID};
    assertThat(d.accept(samples, 500, 200f, 2000)).containsExactly(1000, 0);
  }
}
