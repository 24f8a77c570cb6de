package org.ecgstream.core.rhythm;

/** What a {@link RhythmMonitor} reports, each with the sample index it applies to. */
public interface RhythmListener {

  /** An R peak. */
  default void beat(long sample) {}

  /** No QRS for the asystole delay on a usable signal; {@code lastBeat} is -1 when none was ever seen. */
  default void asystoleStarted(long sample, long lastBeat) {}

  default void asystoleEnded(long sample) {}

  /** VF or ventricular flutter confirmed. */
  default void fibrillationStarted(long sample, double leakage, double dominantHz) {}

  default void fibrillationEnded(long sample) {}

  /** Atrial fibrillation judged from RR irregularity for {@link PatientRhythm#AF_CONFIRM_BEATS} beats. */
  default void atrialFibrillationStarted(long sample, double irregularity) {}

  default void atrialFibrillationEnded(long sample) {}

  /** The signal became unusable (invalid samples or a flat line): a technical condition. */
  default void signalLost(long sample, String why) {}

  default void signalRestored(long sample) {}
}
