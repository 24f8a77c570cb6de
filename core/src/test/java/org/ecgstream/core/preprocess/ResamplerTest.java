package org.ecgstream.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResamplerTest {

  private static float[] sine(double hz, double fs, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) Math.sin(2 * Math.PI * hz * i / fs);
    }
    return x;
  }

  @Test
  void downsamplingKeepsAnInBandSineInAmplitudeAndPhase() {
    float[] at300 = sine(5, 300, 3000);
    float[] at100 = Resampler.resample(at300, 300, 100);
    assertThat(at100).hasSize(1000);
    float[] expected = sine(5, 100, 1000);
    for (int i = 50; i < 950; i++) {
      assertThat(at100[i]).isCloseTo(expected[i], within(0.01f));
    }
  }

  @Test
  void downsamplingRemovesWhatWouldAliasInsteadOfFoldingIt() {
    // 60 Hz at 300 Hz would fold to 40 Hz at 100 Hz without the anti-alias cut-off.
    float[] at100 = Resampler.resample(sine(60, 300, 3000), 300, 100);
    for (int i = 50; i < 950; i++) {
      assertThat(Math.abs(at100[i])).isLessThan(0.05f);
    }
  }

  @Test
  void upsamplingFollowsTheSineAndKeepsDcExact() {
    float[] at500 = Resampler.resample(sine(3, 360, 3600), 360, 500);
    assertThat(at500).hasSize(5000);
    float[] expected = sine(3, 500, 5000);
    for (int i = 100; i < 4900; i++) {
      assertThat(at500[i]).isCloseTo(expected[i], within(0.01f));
    }
    float[] dc = new float[100];
    java.util.Arrays.fill(dc, 1.5f);
    for (float v : Resampler.resample(dc, 250, 100)) {
      assertThat(v).isCloseTo(1.5f, within(1e-5f));
    }
  }

  @Test
  void integralRatesUseCachedKernelsWithTheSameResultAsTheGeneralPath() {
    java.util.Random random = new java.util.Random(3);
    float[] x = new float[2500];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] cached = Resampler.resample(x, 250, 100);
    // A rate a hair off the integer takes the general, per-sample path.
    float[] general = Resampler.resample(x, 250.000000001, 100);
    assertThat(cached).hasSameSizeAs(general);
    for (int i = 0; i < cached.length; i++) {
      assertThat(cached[i]).isCloseTo(general[i], within(1e-4f));
    }
  }
}
