package org.ecgstream.simulators.twelvelead;

/**
 * One component of the heart vector: a Gaussian in time with a 3-D amplitude (McSharry et al.,
 * IEEE TBME 50(3), 2003, extended to x/y/z as in Sameni et al. 2007), or a plateau for ST-segment
 * shifts that rises at {@code centreSeconds} and falls {@code widthSeconds} later.
 */
public record HeartVectorWave(double centreSeconds, double widthSeconds, Vector3 amplitudeMv, boolean plateau) {

  /** Rise time of a plateau's leading edge. */
  private static final double PLATEAU_RISE_SECONDS = 0.006;
  /** Fall time of a plateau's trailing edge, where it merges into the T wave. */
  private static final double PLATEAU_FALL_SECONDS = 0.03;

  public static HeartVectorWave gaussian(double centreSeconds, double widthSeconds, Vector3 amplitudeMv) {
    return new HeartVectorWave(centreSeconds, widthSeconds, amplitudeMv, false);
  }

  public static HeartVectorWave plateau(double startSeconds, double durationSeconds, Vector3 amplitudeMv) {
    return new HeartVectorWave(startSeconds, durationSeconds, amplitudeMv, true);
  }

  /** The wave's time course at {@code t} seconds (same time origin as its centre), 0..1. */
  public double shape(double t) {
    if (plateau) {
      double rise = 1 / (1 + Math.exp(-(t - centreSeconds) / PLATEAU_RISE_SECONDS));
      double fall = 1 / (1 + Math.exp((t - centreSeconds - widthSeconds) / PLATEAU_FALL_SECONDS));
      return rise * fall;
    }
    double z = (t - centreSeconds) / widthSeconds;
    return Math.exp(-0.5 * z * z);
  }

  /** Earliest time at which the wave is not negligible. */
  public double startSeconds() {
    return plateau ? centreSeconds - 10 * PLATEAU_RISE_SECONDS : centreSeconds - 5 * widthSeconds;
  }

  /** Latest time at which the wave is not negligible. */
  public double endSeconds() {
    return plateau ? centreSeconds + widthSeconds + 8 * PLATEAU_FALL_SECONDS : centreSeconds + 5 * widthSeconds;
  }

  public HeartVectorWave scaled(double k) {
    return new HeartVectorWave(centreSeconds, widthSeconds, amplitudeMv.times(k), plateau);
  }

  public HeartVectorWave shifted(double seconds) {
    return new HeartVectorWave(centreSeconds + seconds, widthSeconds, amplitudeMv, plateau);
  }

  public HeartVectorWave rotatedFrontal(double radians) {
    return new HeartVectorWave(centreSeconds, widthSeconds, amplitudeMv.rotateFrontal(radians), plateau);
  }
}
