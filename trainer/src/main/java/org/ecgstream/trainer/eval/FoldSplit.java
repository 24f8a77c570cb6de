package org.ecgstream.trainer.eval;

/**
 * One cross-validation fold of a labelled set: the examples assigned to fold {@code k} held out,
 * the others to fit on. Both L2 searches ({@link LogisticRegressionProbe}, {@link ProbeL2Search})
 * split this way.
 *
 * @param trainX the examples not in fold {@code k}, in their order
 * @param trainY their labels
 * @param validationX the examples in fold {@code k}, in their order
 * @param validationIndex where each held-out example sits in the whole set
 */
record FoldSplit(float[][] trainX, int[] trainY, float[][] validationX, int[] validationIndex) {

  /** Splits {@code x}, {@code y} by {@code fold} (each example's fold number) for fold {@code k}. */
  static FoldSplit of(float[][] x, int[] y, int[] fold, int k) {
    int validationSize = 0;
    for (int f : fold) {
      if (f == k) {
        validationSize++;
      }
    }
    float[][] trainX = new float[y.length - validationSize][];
    int[] trainY = new int[trainX.length];
    float[][] validationX = new float[validationSize][];
    int[] validationIndex = new int[validationSize];
    int t = 0;
    int v = 0;
    for (int i = 0; i < y.length; i++) {
      if (fold[i] == k) {
        validationX[v] = x[i];
        validationIndex[v++] = i;
      } else {
        trainX[t] = x[i];
        trainY[t++] = y[i];
      }
    }
    return new FoldSplit(trainX, trainY, validationX, validationIndex);
  }
}
