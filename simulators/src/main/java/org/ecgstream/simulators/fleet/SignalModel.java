package org.ecgstream.simulators.fleet;

import java.util.Locale;

/** Which generator draws a bed's heart: a scenario's {@code "generator"} key. */
public enum SignalModel {
  /**
   * {@code beat-train}: Gaussian P-QRS-T per beat scaled per lead (synthetic/BeatTrainGenerator); the
   * default, the model the alarm job's detectors are tuned and scored on.
   */
  BEAT_TRAIN,
  /**
   * {@code twelve-lead}: one heart vector projected onto the 12 leads (twelvelead/StreamingTwelveLeadGenerator),
   * with every rhythm, ectopy and conduction change of the scenario format.
   */
  TWELVE_LEAD;

  /** The scenario spelling: {@code beat-train} or {@code twelve-lead}. */
  public String scenarioName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static SignalModel parse(String name) {
    for (SignalModel m : values()) {
      if (m.scenarioName().equals(name.trim().toLowerCase(Locale.ROOT)) || m.name().equals(name.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown generator '" + name + "'; known: beat-train (default), twelve-lead");
  }
}
