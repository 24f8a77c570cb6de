package org.ecgstream.core.rhythm;

/**
 * Thresholds of the DSP rhythm detectors, with the defaults their tests and the MIT-BIH / CUDB
 * measurements in docs/benchmarks.md were made with.
 *
 * @param asystoleSeconds no QRS on any usable lead for this long is asystole (Challenge 2015 and
 *     common monitor practice: 4 s)
 * @param vfWindowSeconds length of the window VF features are computed over
 * @param vfLeakageBelow a window with VF-filter leakage below this is VF-like
 * @param vfMinHz lowest dominant frequency counted as VF/flutter
 * @param vfMaxHz highest dominant frequency counted as VF/flutter
 * @param organisedRateBpm beats in a window at or below this rate (230: sinus and supraventricular
 *     tachycardias reach about 220), regular...
 * @param organisedRrCv ...with RR coefficient of variation below this, are an organised rhythm, not VF
 * @param vfWindowsToConfirm VF is present when this many of the last {@code vfWindowsSeen} windows are VF-like
 * @param vfWindowsSeen see above
 * @param flatLineSeconds a lead whose ADC value does not change for this long is off (flat), not asystolic
 */
public record RhythmSettings(
    double asystoleSeconds,
    double vfWindowSeconds,
    double vfLeakageBelow,
    double vfMinHz,
    double vfMaxHz,
    double organisedRateBpm,
    double organisedRrCv,
    int vfWindowsToConfirm,
    int vfWindowsSeen,
    double flatLineSeconds) implements java.io.Serializable {

  public RhythmSettings {
    if (asystoleSeconds < 2 || asystoleSeconds > 10) {
      throw new IllegalArgumentException("asystole delay must be 2..10 s (IEC 60601-2-27 allows at most 10 s), got " + asystoleSeconds);
    }
    if (vfWindowsToConfirm < 1 || vfWindowsToConfirm > vfWindowsSeen) {
      throw new IllegalArgumentException("need 1 <= vfWindowsToConfirm <= vfWindowsSeen");
    }
  }

  public static RhythmSettings defaults() {
    return new RhythmSettings(4.0, 4.0, 0.70, 2.0, 10.0, 230, 0.2, 3, 4, 1.0);
  }
}
