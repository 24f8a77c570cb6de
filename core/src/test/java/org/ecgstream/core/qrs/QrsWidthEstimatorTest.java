package org.ecgstream.core.qrs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The QRS width estimate on synthetic complexes of known width (MIT-BIH figures: BeatWidthScoreTest). */
class QrsWidthEstimatorTest {

  private static final int FS = 500;

  @Test
  void aComplexFourTimesAsWideReadsAboutFourTimesAsWide() {
    double narrow = widthOfGaussianComplex(0.010, 0);
    double wide = widthOfGaussianComplex(0.040, 0);
    assertThat(narrow).isBetween(15.0, 45.0);
    assertThat(wide / narrow).isBetween(3.0, 5.0);
  }

  @Test
  void aSlowTWaveBesideANarrowComplexDoesNotWidenIt() {
    // T wave: 0.3 mV, 40 ms sigma, 150 ms after the R peak (within the measuring window).
    assertThat(widthOfGaussianComplex(0.010, 0.3)).isLessThan(1.3 * widthOfGaussianComplex(0.010, 0));
  }

  @Test
  void unknownWhenTheComplexIsNotYetBufferedOrHasInvalidSamples() {
    QrsWidthEstimator estimator = new QrsWidthEstimator(FS);
    float[] signal = complex(0.010, 0, 2 * FS, FS);
    estimator.accept(java.util.Arrays.copyOf(signal, FS + 20));
    assertThat(estimator.widthMillis(FS)).isNaN();

    signal[FS + 10] = Float.NaN;
    QrsWidthEstimator withGap = new QrsWidthEstimator(FS);
    withGap.accept(signal);
    assertThat(withGap.widthMillis(FS)).isNaN();
  }

  private static double widthOfGaussianComplex(double sigmaSeconds, double tWaveMillivolts) {
    QrsWidthEstimator estimator = new QrsWidthEstimator(FS);
    estimator.accept(complex(sigmaSeconds, tWaveMillivolts, 2 * FS, FS));
    return estimator.widthMillis(FS);
  }

  /** A 1 mV Gaussian R wave at {@code at} with an optional T wave, on a 2 s zero baseline. */
  private static float[] complex(double sigmaSeconds, double tWaveMillivolts, int length, int at) {
    float[] x = new float[length];
    for (int i = 0; i < length; i++) {
      double t = (i - at) / (double) FS;
      double tWave = (t - 0.150) / 0.040;
      x[i] = (float) (Math.exp(-0.5 * t * t / (sigmaSeconds * sigmaSeconds)) + tWaveMillivolts * Math.exp(-0.5 * tWave * tWave));
    }
    return x;
  }
}
