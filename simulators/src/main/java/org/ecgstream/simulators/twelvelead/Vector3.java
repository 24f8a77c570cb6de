package org.ecgstream.simulators.twelvelead;

/** A heart-vector value in the Frank frame: x to the patient's left, y to the feet, z to the back; millivolts. */
public record Vector3(double x, double y, double z) {

  public static final Vector3 ZERO = new Vector3(0, 0, 0);

  public Vector3 times(double k) {
    return new Vector3(x * k, y * k, z * k);
  }

  public Vector3 plus(Vector3 o) {
    return new Vector3(x + o.x, y + o.y, z + o.z);
  }

  public double norm() {
    return Math.sqrt(x * x + y * y + z * z);
  }

  /** Rotation in the frontal plane (about z), positive towards the feet, as the hexaxial axis turns. */
  public Vector3 rotateFrontal(double radians) {
    double c = Math.cos(radians);
    double s = Math.sin(radians);
    return new Vector3(c * x - s * y, s * x + c * y, z);
  }

  /** Rotation in the horizontal plane (about y), positive turning left forces backwards. */
  public Vector3 rotateHorizontal(double radians) {
    double c = Math.cos(radians);
    double s = Math.sin(radians);
    return new Vector3(c * x - s * z, y, s * x + c * z);
  }
}
