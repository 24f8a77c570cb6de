package org.ecgstream.trainer.eval;

import java.util.Arrays;

/**
 * Linear probe on frozen embeddings: multinomial (softmax) logistic regression with an L2 penalty
 * on the weights (not the biases), fitted by deterministic L-BFGS on features standardised with
 * the training mean and standard deviation. The objective is the mean cross-entropy plus
 * {@code l2 / 2 * |W|^2}; because features are standardised, {@code l2} is relative to unit-variance
 * features and keeps tiny training sets (fewer examples than features) well posed.
 */
public final class LogisticRegressionProbe {

  /** L2 strength used when there are too few examples per class to cross-validate. */
  public static final double DEFAULT_L2 = 1e-2;
  /** Grid searched by {@link #fitWithL2Search}, smallest first. */
  public static final double[] L2_GRID = {1e-4, 1e-3, 1e-2, 1e-1, 1.0};
  /** Folds of the cross-validation in {@link #fitWithL2Search}; also the minimum examples per class. */
  public static final int CV_FOLDS = 5;

  static final int MAX_ITERATIONS = 300;
  private static final int LBFGS_MEMORY = 10;
  private static final double GRADIENT_TOLERANCE = 1e-6;
  private static final double MIN_STD = 1e-8;

  private final double[] mean;
  private final double[] inverseStd;
  /** [classes][features + 1]; the last column is the bias. */
  private final double[][] weights;
  private final double l2;

  private LogisticRegressionProbe(double[] mean, double[] inverseStd, double[][] weights, double l2) {
    this.mean = mean;
    this.inverseStd = inverseStd;
    this.weights = weights;
    this.l2 = l2;
  }

  /** Fits a probe on {@code x[n][features]} with labels {@code y} in [0, classes), every example weighing 1. */
  public static LogisticRegressionProbe fit(float[][] x, int[] y, int classes, double l2) {
    return fit(x, y, classes, l2, ClassWeighting.NONE);
  }

  /**
   * Fits a probe whose cross-entropy weighs each example by {@code weighting}; the objective is the
   * weighted mean cross-entropy (weights summing to the example count) plus {@code l2 / 2 * |W|^2}.
   */
  public static LogisticRegressionProbe fit(float[][] x, int[] y, int classes, double l2, ClassWeighting weighting) {
    checkTrainingSet(x, y, classes);
    if (!(l2 > 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("probe: l2 must be a positive finite number, got " + l2
          + " (use DEFAULT_L2 = " + DEFAULT_L2 + " if unsure)");
    }
    int features = x[0].length;
    double[] mean = new double[features];
    double[] inverseStd = new double[features];
    for (float[] row : x) {
      for (int j = 0; j < features; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < features; j++) {
      mean[j] /= x.length;
    }
    for (float[] row : x) {
      for (int j = 0; j < features; j++) {
        double d = row[j] - mean[j];
        inverseStd[j] += d * d;
      }
    }
    for (int j = 0; j < features; j++) {
      double std = Math.sqrt(inverseStd[j] / x.length);
      // A constant feature carries no information; leave it centred at zero rather than divide by 0.
      inverseStd[j] = std > MIN_STD ? 1 / std : 1;
    }
    double[][] z = standardise(x, mean, inverseStd);
    SoftmaxObjective objective = new SoftmaxObjective(z, y, weighting.weights(y, classes), classes, l2);
    double[] theta = minimise(objective, new double[classes * (features + 1)]);
    double[][] weights = new double[classes][];
    for (int c = 0; c < classes; c++) {
      weights[c] = Arrays.copyOfRange(theta, c * (features + 1), (c + 1) * (features + 1));
    }
    return new LogisticRegressionProbe(mean, inverseStd, weights, l2);
  }

  /**
   * Fits with the L2 strength from {@link #L2_GRID} that has the lowest mean validation
   * cross-entropy in a deterministic stratified {@link #CV_FOLDS}-fold cross-validation (fold of an
   * example = its rank within its class modulo the fold count). Falls back to {@link #DEFAULT_L2}
   * when some present class has fewer than {@link #CV_FOLDS} examples.
   */
  public static LogisticRegressionProbe fitWithL2Search(float[][] x, int[] y, int classes) {
    checkTrainingSet(x, y, classes);
    int[] counts = new int[classes];
    int[] fold = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      fold[i] = counts[y[i]]++ % CV_FOLDS;
    }
    for (int count : counts) {
      if (count > 0 && count < CV_FOLDS) {
        return fit(x, y, classes, DEFAULT_L2);
      }
    }
    double bestL2 = DEFAULT_L2;
    double bestLoss = Double.POSITIVE_INFINITY;
    for (double candidate : L2_GRID) {
      double loss = 0;
      for (int k = 0; k < CV_FOLDS; k++) {
        FoldSplit split = FoldSplit.of(x, y, fold, k);
        double[][] p = fit(split.trainX(), split.trainY(), classes, candidate).predictProba(split.validationX());
        for (int i = 0; i < p.length; i++) {
          loss -= Math.log(Math.max(p[i][y[split.validationIndex()[i]]], 1e-15)) / y.length;
        }
      }
      // Strictly lower only: on a tie the smaller, earlier candidate wins deterministically.
      if (loss < bestLoss) {
        bestLoss = loss;
        bestL2 = candidate;
      }
    }
    return fit(x, y, classes, bestL2);
  }

  /** Class probabilities {@code [n][classes]} for {@code x[n][features]}; each row sums to 1. */
  public double[][] predictProba(float[][] x) {
    int features = mean.length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != features) {
        throw new IllegalArgumentException("probe: row " + i + " has " + x[i].length
            + " features but the probe was fitted on " + features);
      }
    }
    double[][] z = standardise(x, mean, inverseStd);
    double[][] p = new double[x.length][weights.length];
    for (int i = 0; i < z.length; i++) {
      SoftmaxObjective.softmax(weights, z[i], p[i]);
    }
    return p;
  }

  /** Number of classes the probe predicts. */
  public int classes() {
    return weights.length;
  }

  /** L2 strength the probe was fitted with. */
  public double l2() {
    return l2;
  }

  private static double[][] standardise(float[][] x, double[] mean, double[] inverseStd) {
    double[][] z = new double[x.length][mean.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < mean.length; j++) {
        z[i][j] = (x[i][j] - mean[j]) * inverseStd[j];
      }
    }
    return z;
  }

  private static void checkTrainingSet(float[][] x, int[] y, int classes) {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("probe: " + x.length + " embeddings and " + y.length
          + " labels (need the same, non-zero number)");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("probe: classes must be at least 2, got " + classes);
    }
    int features = x[0].length;
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != features) {
        throw new IllegalArgumentException("probe: embedding " + i + " has " + x[i].length
            + " features, embedding 0 has " + features + " (all rows must have the same width)");
      }
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException("probe: label " + y[i] + " at index " + i
            + " is outside [0, " + classes + ")");
      }
      for (float v : x[i]) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("probe: embedding " + i
              + " contains a non-finite value (check the encoder output)");
        }
      }
    }
  }

  /** L-BFGS (Nocedal &amp; Wright, Algorithm 7.4/7.5) with Armijo backtracking; deterministic. */
  private static double[] minimise(SoftmaxObjective objective, double[] theta) {
    int size = theta.length;
    double[] gradient = new double[size];
    double value = objective.evaluate(theta, gradient);
    double[][] s = new double[LBFGS_MEMORY][];
    double[][] yDiff = new double[LBFGS_MEMORY][];
    double[] rho = new double[LBFGS_MEMORY];
    int stored = 0;
    int newest = -1;
    double[] direction = new double[size];
    double[] alpha = new double[LBFGS_MEMORY];
    double[] candidate = new double[size];
    double[] candidateGradient = new double[size];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      if (maxAbs(gradient) < GRADIENT_TOLERANCE) {
        break;
      }
      // Two-loop recursion: direction = -H * gradient.
      for (int i = 0; i < size; i++) {
        direction[i] = -gradient[i];
      }
      for (int k = 0; k < stored; k++) {
        int m = Math.floorMod(newest - k, LBFGS_MEMORY);
        alpha[m] = rho[m] * dot(s[m], direction);
        axpy(-alpha[m], yDiff[m], direction);
      }
      if (stored > 0) {
        double gamma = dot(s[newest], yDiff[newest]) / dot(yDiff[newest], yDiff[newest]);
        for (int i = 0; i < size; i++) {
          direction[i] *= gamma;
        }
      }
      for (int k = stored - 1; k >= 0; k--) {
        int m = Math.floorMod(newest - k, LBFGS_MEMORY);
        double beta = rho[m] * dot(yDiff[m], direction);
        axpy(alpha[m] - beta, s[m], direction);
      }
      double slope = dot(gradient, direction);
      if (!(slope < 0)) {
        // Curvature information went stale; restart from steepest descent.
        stored = 0;
        for (int i = 0; i < size; i++) {
          direction[i] = -gradient[i];
        }
        slope = dot(gradient, direction);
      }
      double step = stored == 0 ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
      double candidateValue;
      int backtracks = 0;
      while (true) {
        for (int i = 0; i < size; i++) {
          candidate[i] = theta[i] + step * direction[i];
        }
        candidateValue = objective.evaluate(candidate, candidateGradient);
        if (candidateValue <= value + 1e-4 * step * slope || backtracks++ >= 40) {
          break;
        }
        step *= 0.5;
      }
      if (!(candidateValue < value)) {
        break; // No further progress is possible at double precision.
      }
      newest = (newest + 1) % LBFGS_MEMORY;
      double[] sNew = new double[size];
      double[] yNew = new double[size];
      for (int i = 0; i < size; i++) {
        sNew[i] = candidate[i] - theta[i];
        yNew[i] = candidateGradient[i] - gradient[i];
      }
      double curvature = dot(sNew, yNew);
      if (curvature > 1e-12) {
        s[newest] = sNew;
        yDiff[newest] = yNew;
        rho[newest] = 1 / curvature;
        stored = Math.min(stored + 1, LBFGS_MEMORY);
      } else {
        newest = Math.floorMod(newest - 1, LBFGS_MEMORY);
      }
      double previous = value;
      System.arraycopy(candidate, 0, theta, 0, size);
      System.arraycopy(candidateGradient, 0, gradient, 0, size);
      value = candidateValue;
      if (previous - value <= 1e-12 * Math.max(1, Math.abs(value))) {
        break;
      }
    }
    return theta;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double d : v) {
      max = Math.max(max, Math.abs(d));
    }
    return max;
  }

  /** Weighted mean softmax cross-entropy plus L2 on the weights, with its gradient. */
  private static final class SoftmaxObjective {
    private final double[][] z;
    private final int[] y;
    private final double[] exampleWeights;
    private final int classes;
    private final double l2;

    SoftmaxObjective(double[][] z, int[] y, double[] exampleWeights, int classes, double l2) {
      this.z = z;
      this.y = y;
      this.exampleWeights = exampleWeights;
      this.classes = classes;
      this.l2 = l2;
    }

    /** Returns the objective at {@code theta} and writes its gradient into {@code gradient}. */
    double evaluate(double[] theta, double[] gradient) {
      int features = z[0].length;
      int width = features + 1;
      Arrays.fill(gradient, 0);
      double[] logits = new double[classes];
      double loss = 0;
      for (int i = 0; i < z.length; i++) {
        double perExample = exampleWeights[i] / z.length;
        double[] row = z[i];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          int offset = c * width;
          double logit = theta[offset + features];
          for (int j = 0; j < features; j++) {
            logit += theta[offset + j] * row[j];
          }
          logits[c] = logit;
          max = Math.max(max, logit);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(logits[c] - max);
        }
        double logSum = max + Math.log(sum);
        loss += (logSum - logits[y[i]]) * perExample;
        for (int c = 0; c < classes; c++) {
          double residual = (Math.exp(logits[c] - logSum) - (c == y[i] ? 1 : 0)) * perExample;
          int offset = c * width;
          for (int j = 0; j < features; j++) {
            gradient[offset + j] += residual * row[j];
          }
          gradient[offset + features] += residual;
        }
      }
      for (int c = 0; c < classes; c++) {
        int offset = c * width;
        for (int j = 0; j < features; j++) {
          loss += 0.5 * l2 * theta[offset + j] * theta[offset + j];
          gradient[offset + j] += l2 * theta[offset + j];
        }
      }
      return loss;
    }

    /** Softmax of {@code weights * [row, 1]} into {@code out}, stable for large logits. */
    static void softmax(double[][] weights, double[] row, double[] out) {
      int features = row.length;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < weights.length; c++) {
        double logit = weights[c][features];
        for (int j = 0; j < features; j++) {
          logit += weights[c][j] * row[j];
        }
        out[c] = logit;
        max = Math.max(max, logit);
      }
      double sum = 0;
      for (int c = 0; c < out.length; c++) {
        out[c] = Math.exp(out[c] - max);
        sum += out[c];
      }
      for (int c = 0; c < out.length; c++) {
        out[c] /= sum;
      }
    }
  }
}
