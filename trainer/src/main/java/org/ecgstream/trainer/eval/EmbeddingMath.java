package org.ecgstream.trainer.eval;

/** Means, norms and dot products of embedding vectors. */
final class EmbeddingMath {

  private EmbeddingMath() {}

  static float[] mean(float[][] rows) {
    float[] m = new float[rows[0].length];
    for (float[] r : rows) {
      for (int j = 0; j < m.length; j++) {
        m[j] += r[j] / rows.length;
      }
    }
    return m;
  }

  static float[] normalise(float[] v) {
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

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
