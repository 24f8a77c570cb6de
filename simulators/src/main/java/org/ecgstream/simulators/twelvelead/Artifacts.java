package org.ecgstream.simulators.twelvelead;

/**
 * How much non-cardiac signal to add: {@code noiseScale} scales respiration-linked baseline wander
 * and muscle noise (0 = clean, 1 = a typical resting ECG, 3 = a restless patient);
 * {@code mainsHz} is 50 or 60 for power-line interference, 0 for none (left out below 2.5 times the
 * mains frequency, where a recorder's anti-alias filter would have removed it).
 */
public record Artifacts(double noiseScale, double mainsHz) {

  public static final Artifacts NONE = new Artifacts(0, 0);
  public static final Artifacts TYPICAL = new Artifacts(1, 0);

  public Artifacts {
    if (!(noiseScale >= 0 && noiseScale <= 10)) {
      throw new IllegalArgumentException("noiseScale must be 0..10, got " + noiseScale);
    }
    if (mainsHz != 0 && mainsHz != 50 && mainsHz != 60) {
      throw new IllegalArgumentException("mainsHz must be 0, 50 or 60, got " + mainsHz);
    }
  }
}
