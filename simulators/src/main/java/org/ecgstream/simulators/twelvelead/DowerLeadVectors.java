package org.ecgstream.simulators.twelvelead;

/**
 * Projects a Frank-frame heart vector onto the eight independent leads I, II, V1..V6 with the
 * inverse Dower transform (Dower et al., J Electrocardiol 1980; coefficients as tabulated by
 * Edenbrandt and Pahlm 1988). The remaining limb leads follow from I and II by Einthoven's and
 * Goldberger's relations, see {@link LeadSet}.
 */
public final class DowerLeadVectors {

  /** Rows I, II, V1..V6; columns x, y, z. */
  private static final double[][] MATRIX = {
    {0.632, -0.235, 0.059},
    {0.235, 1.066, -0.132},
    {-0.515, 0.157, -0.917},
    {0.044, 0.164, -1.387},
    {0.882, 0.098, -1.277},
    {1.213, 0.127, -0.601},
    {1.125, 0.127, -0.086},
    {0.831, 0.076, 0.230},
  };

  /** Number of independent leads: I, II, V1..V6. */
  public static final int INDEPENDENT = 8;

  private DowerLeadVectors() {}

  /** The heart vector's value in each independent lead (I, II, V1..V6), in millivolts. */
  public static double[] project(Vector3 v) {
    double[] out = new double[INDEPENDENT];
    for (int i = 0; i < INDEPENDENT; i++) {
      out[i] = MATRIX[i][0] * v.x() + MATRIX[i][1] * v.y() + MATRIX[i][2] * v.z();
    }
    return out;
  }

  /** Frontal QRS axis in degrees (hexaxial) of a vector, from its projections on I and aVF. */
  public static double frontalAxisDegrees(Vector3 v) {
    double[] p = project(v);
    double avf = p[1] - p[0] / 2;
    return Math.toDegrees(Math.atan2(avf, p[0]));
  }
}
