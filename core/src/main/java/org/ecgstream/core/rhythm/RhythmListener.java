package org.ecgstream.core.rhythm;

import java.util.List;
import org.ecgstream.core.quality.LeadQuality;

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

  /**
   * The QRS width estimate of a beat reported by {@link #beat} (at the end of the same block, once
   * its complex is buffered on every lead): the smallest of the usable leads' estimates, NaN when
   * none could measure it. {@code ventricular} is the VT detector's judgement of the beat (wide,
   * wider than the dominant complex and unlike it in shape; see
   * {@link VentricularTachycardiaDetector}); always false while asystole, VF or unusable signal
   * stop ventricular analysis.
   */
  default void beatWidth(long sample, double qrsWidthMillis, boolean ventricular) {}

  /**
   * Ventricular tachycardia: {@code beats} consecutive wide-complex beats (the run so far) at
   * {@code rateBpm}, above {@link RhythmSettings#vtRateBpm()}; {@code sample} is when it became
   * known (the end of the block in which the QRS detector reported the run's last beat, about
   * 0.35 s after that beat plus up to a block). Never during asystole, VF or unusable signal (VF
   * ends VT).
   */
  default void ventricularTachycardiaStarted(long sample, int beats, double rateBpm) {}

  /** VT over, known at {@code sample}: a narrow beat, a rate at or below the limit, or asystole, VF or lost signal. */
  default void ventricularTachycardiaEnded(long sample) {}

  /**
   * An RR interval of at least {@link RhythmSettings#pauseMillis()} on usable signal, reported
   * with the beat that ended it ({@code sample}); the pause began {@code rrMillis} before it. Not
   * reported when asystole was raised during the interval (that asystole and its end already
   * tell the story), nor across VF or unusable signal, nor when another usable lead saw a beat in
   * the interval (the rhythm lead then missed beats).
   */
  default void pause(long sample, long rrMillis) {}

  /** The signal became unusable (invalid samples or a flat line): a technical condition. */
  default void signalLost(long sample, String why) {}

  default void signalRestored(long sample) {}

  /**
   * Every usable lead is noisy ({@link org.ecgstream.core.quality.LeadNoiseIndex}) and at least one
   * lead is usable (none usable is {@link #signalLost}): a technical condition, information only;
   * asystole, VF and VT are judged and reported as before. {@code leads} gives each lead's quality.
   */
  default void noiseStarted(long sample, List<LeadQuality> leads) {}

  /** At least one usable lead is clean again, or no lead is usable any more; {@code leads} as above. */
  default void noiseEnded(long sample, List<LeadQuality> leads) {}
}
