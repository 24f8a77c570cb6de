package org.ecgstream.core.inference;

/** Means, L2 normalisation and dot products of embedding vectors, as zero-shot scoring uses them. */
public final class Embeddings {

  private Embeddings() {}

  /** The element-wise mean of {@code rows}. */
  public static float[] mean(float[][] rows) {
    float[] m = new float[rows[0].length];
    for (float[] r : rows) {
      for (int j = 0; j < m.length; j++) {
        m[j] += r[j] / rows.length;
      }
    }
    return m;
  }

  /** {@code v} scaled to unit length (a near-zero vector is divided by 1e-6, not by zero). */
  public static float[] normalise(float[] v) {
    double squares = 0;
    for (float x : v) {
      squares += x * x;
    }
    float norm = (float) Math.max(Math.sqrt(squares), 1e-6);
    float[] out = new float[v.length];
    for (int j = 0; j < v.length; j++) {
      out[j] = v[j] / norm;
    }
    return out;
  }

  /** The unit-length mean of {@code rows}: what a label's several prompts stand for together. */
  public static float[] normalisedMean(float[][] rows) {
    return normalise(mean(rows));
  }

  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
