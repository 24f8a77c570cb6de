package org.ecgstream.simulators.twelvelead;

/**
 * Builds the 12 standard leads from I, II and V1..V6: III = II - I, aVR = -(I + II)/2,
 * aVL = I - II/2, aVF = II - I/2 (Einthoven 1913, Goldberger 1942), computed in float from the
 * float limb leads so the relations hold exactly sample by sample.
 */
final class LeadSet {

  private LeadSet() {}

  /** {@code independent[8][n]} (I, II, V1..V6) to {@code float[12][n]} in the standard order. */
  static float[][] twelveFrom(double[][] independent) {
    int n = independent[0].length;
    float[][] out = new float[12][n];
    for (int k = 0; k < n; k++) {
      float i = (float) independent[0][k];
      float ii = (float) independent[1][k];
      out[0][k] = i;
      out[1][k] = ii;
      out[2][k] = ii - i;
      out[3][k] = -(i + ii) / 2;
      out[4][k] = i - ii / 2;
      out[5][k] = ii - i / 2;
      for (int v = 0; v < 6; v++) {
        out[6 + v][k] = (float) independent[2 + v][k];
      }
    }
    return out;
  }
}
