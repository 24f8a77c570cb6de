package org.ecgstream.simulators.twelvelead;

/**
 * A myocardial territory for ST changes, with the direction of its injury current in the Frank
 * frame (x left, y feet, z back), so the ST shift shows in the territory's leads and reciprocally
 * in the opposite ones.
 */
public enum Territory {
  INFERIOR(new Vector3(0.0, 1.0, 0.0)),
  ANTERIOR(new Vector3(0.2, 0.0, -1.0)),
  LATERAL(new Vector3(1.0, -0.3, 0.1));

  private final Vector3 injuryDirection;

  Territory(Vector3 injuryDirection) {
    this.injuryDirection = injuryDirection;
  }

  public Vector3 injuryDirection() {
    return injuryDirection;
  }
}
