package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogisticRegressionProbeTest {

  /** {@code n} examples of {@code classes} Gaussian blobs in {@code features} dimensions. */
  private record Blobs(float[][] x, int[] y) {
    static Blobs sample(int n, int classes, int features, double separation, Random random) {
      float[][] x = new float[n][features];
      int[] y = new int[n];
      for (int i = 0; i < n; i++) {
        y[i] = i % classes;
        for (int j = 0; j < features; j++) {
          // Class c is shifted along feature c only; an offset and scale test standardisation.
          double shift = j == y[i] ? separation : 0;
          x[i][j] = (float) (50 + 10 * (random.nextGaussian() + shift));
        }
      }
      return new Blobs(x, y);
    }
  }

  @Test
  void separatesTwoGaussianBlobsOnHeldOutData() {
    Random random = new Random(42);
    Blobs train = Blobs.sample(200, 2, 32, 3.0, random);
    Blobs test = Blobs.sample(200, 2, 32, 3.0, random);
    LogisticRegressionProbe probe =
        LogisticRegressionProbe.fit(train.x(), train.y(), 2, LogisticRegressionProbe.DEFAULT_L2);
    double[][] p = probe.predictProba(test.x());
    double[] scores = new double[p.length];
    boolean[] positive = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      scores[i] = p[i][1];
      positive[i] = test.y()[i] == 1;
      assertThat(p[i][0] + p[i][1]).isCloseTo(1.0, within(1e-9));
    }
    assertThat(RocAuc.auc(scores, positive)).isGreaterThan(0.95);
  }

  @Test
  void elevenExamplesOfThreeClassesWith128FeaturesGiveFiniteProbabilities() {
    Blobs tiny = Blobs.sample(11, 3, 128, 2.0, new Random(3));
    LogisticRegressionProbe probe =
        LogisticRegressionProbe.fit(tiny.x(), tiny.y(), 3, LogisticRegressionProbe.DEFAULT_L2);
    double[][] p = probe.predictProba(tiny.x());
    for (int i = 0; i < p.length; i++) {
      for (double v : p[i]) {
        assertThat(v).isFinite().isBetween(0.0, 1.0);
      }
      assertThat(Arrays.stream(p[i]).sum()).isCloseTo(1.0, within(1e-9));
      // Regularised but still fitted: each training example's own class is the most likely.
      assertThat(argmax(p[i])).isEqualTo(tiny.y()[i]);
    }
    // Too few per class to cross-validate: the search falls back to the documented default.
    assertThat(LogisticRegressionProbe.fitWithL2Search(tiny.x(), tiny.y(), 3).l2())
        .isEqualTo(LogisticRegressionProbe.DEFAULT_L2);
  }

  @Test
  void constantFeaturesAndAnAbsentClassDoNotProduceNaN() {
    float[][] x = {{1, 5, 0}, {2, 5, 0}, {3, 5, 0}, {4, 5, 0}};
    int[] y = {0, 0, 1, 1};
    double[][] p = LogisticRegressionProbe.fit(x, y, 3, 1e-3).predictProba(x);
    for (double[] row : p) {
      for (double v : row) {
        assertThat(v).isFinite();
      }
      assertThat(row[2]).isLessThan(0.05);
    }
  }

  @Test
  void l2SearchIsDeterministicAndPicksFromTheGrid() {
    Blobs train = Blobs.sample(90, 3, 16, 1.0, new Random(5));
    LogisticRegressionProbe first = LogisticRegressionProbe.fitWithL2Search(train.x(), train.y(), 3);
    LogisticRegressionProbe second = LogisticRegressionProbe.fitWithL2Search(train.x(), train.y(), 3);
    assertThat(LogisticRegressionProbe.L2_GRID).contains(first.l2());
    assertThat(second.l2()).isEqualTo(first.l2());
    assertThat(second.predictProba(train.x())).isDeepEqualTo(first.predictProba(train.x()));
    double[][] p = first.predictProba(Blobs.sample(90, 3, 16, 1.0, new Random(6)).x());
    assertThat(RocAuc.macroOneVsRest(p, Blobs.sample(90, 3, 16, 1.0, new Random(6)).y(), 3))
        .isGreaterThan(0.75);
  }

  private static int argmax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
