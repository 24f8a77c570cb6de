package org.ecgstream.simulators.artifacts;

import java.util.Locale;

/**
 * Non-cardiac signal a scenario can script at the electrodes (after the noise types of the MIT-BIH
 * Noise Stress Test Database: muscle artifact, electrode motion, baseline wander; plus power-line
 * interference), with the amplitude used when the scenario gives none.
 */
public enum ArtifactKind {
  /** Muscle (EMG) noise: band-limited 20-150 Hz noise, strongest at the limb electrodes; amplitude is its RMS. */
  MUSCLE_NOISE(0.1),
  /** Power-line interference at 50 or 60 Hz coupling unequally into the electrodes; amplitude is its peak. */
  MAINS(0.1),
  /** Electrode motion: baseline jumps of about the amplitude at one electrode, decaying over 0.4 s, about one a second. */
  ELECTRODE_MOTION(0.8),
  /** Respiration-linked baseline wander (0.15-0.4 Hz) plus slow drift; amplitude is its peak. */
  BASELINE_WANDER(0.4);

  private final double defaultAmplitudeMv;

  ArtifactKind(double defaultAmplitudeMv) {
    this.defaultAmplitudeMv = defaultAmplitudeMv;
  }

  public double defaultAmplitudeMv() {
    return defaultAmplitudeMv;
  }

  /** Parses a scenario's name for a kind: {@code muscle}, {@code mains}, {@code motion}, {@code wander} or the enum name. */
  public static ArtifactKind parse(String name) {
    String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return switch (key) {
      case "MUSCLE", "MUSCLE_NOISE", "EMG" -> MUSCLE_NOISE;
      case "MAINS", "POWERLINE", "POWER_LINE" -> MAINS;
      case "MOTION", "ELECTRODE_MOTION" -> ELECTRODE_MOTION;
      case "WANDER", "BASELINE_WANDER" -> BASELINE_WANDER;
      default -> throw new IllegalArgumentException("unknown artifact '" + name + "'; known: muscle, mains, motion, wander");
    };
  }
}
