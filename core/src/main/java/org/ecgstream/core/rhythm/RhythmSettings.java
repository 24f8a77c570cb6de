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
 * @param wideQrsMillis a beat whose QRS width estimate ({@link org.ecgstream.core.qrs.QrsWidthEstimator},
 *     smallest over the usable leads) is at least this is wide; a ventricular beat must also be wider
 *     than the dominant complex and shaped unlike it ({@link VentricularTachycardiaDetector}). The estimate
 *     reads about half the clinical QRS duration, so this is not the clinical 120 ms. 55 ms was chosen
 *     for the VT detector on the even-numbered MIT-BIH records (50-60 ms gave the same episodes and
 *     false alarms there) and scored on the odd ones (docs/benchmarks.md); for single beats, 62-65 ms
 *     balances sensitivity and specificity best
 * @param vtMinBeats this many consecutive wide-complex beats...
 * @param vtRateBpm ...at a rate above this (from the RR intervals leading into the last
 *     {@code vtMinBeats} of them, the coupling interval included) are ventricular tachycardia. The
 *     defaults, 3 beats above 100 bpm, are the AHA/ACC/ESC definition of VT and the convention of the
 *     MIT-BIH annotators, whose VT episodes are mostly 3-4 beats long (50 of the 61), and the issue
 *     asks those runs (203, 205, 213, 214) to raise VT. Bedside monitors commonly require longer runs
 *     (5-6 beats above 100 bpm) for their high-priority VT alarm to reduce alarm load, and report
 *     shorter runs as a lower-priority ventricular run; raise {@code vtMinBeats} for that (a second
 *     {@link PatientRhythm} is not needed to count runs: {@link RhythmListener#beatWidth} flags every
 *     ventricular beat)
 * @param pauseMillis an RR interval at least this long on usable signal is a pause (default 3 s,
 *     common monitor practice; per-patient limits come with {@code Admission.pauseMillis}). It must be
 *     shorter than the asystole delay: a pause that lasts until the asystole delay becomes an asystole
 *     alarm instead, and is then not reported as a pause too (see {@link RhythmListener#pause})
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
    double flatLineSeconds,
    double wideQrsMillis,
    int vtMinBeats,
    double vtRateBpm,
    int pauseMillis) implements java.io.Serializable {

  public RhythmSettings {
    if (asystoleSeconds < 2 || asystoleSeconds > 10) {
      throw new IllegalArgumentException("asystole delay must be 2..10 s (IEC 60601-2-27 allows at most 10 s), got " + asystoleSeconds);
    }
    if (vfWindowsToConfirm < 1 || vfWindowsToConfirm > vfWindowsSeen) {
      throw new IllegalArgumentException("need 1 <= vfWindowsToConfirm <= vfWindowsSeen");
    }
    if (wideQrsMillis < 20 || wideQrsMillis > 200) {
      throw new IllegalArgumentException("wide-QRS threshold must be 20..200 ms of the width estimate, got " + wideQrsMillis);
    }
    if (vtMinBeats < 3 || vtMinBeats > 30) {
      throw new IllegalArgumentException("VT needs 3..30 consecutive ventricular beats (3 is the clinical minimum), got " + vtMinBeats);
    }
    if (vtRateBpm < 60 || vtRateBpm > 250) {
      throw new IllegalArgumentException("VT rate limit must be 60..250 bpm, got " + vtRateBpm);
    }
    if (pauseMillis < 1500 || pauseMillis >= asystoleSeconds * 1000) {
      throw new IllegalArgumentException("pause must be at least 1500 ms and shorter than the asystole delay ("
          + Math.round(asystoleSeconds * 1000) + " ms; a longer pause is an asystole alarm), got " + pauseMillis
          + " ms: lower the patient's pauseMillis or raise asystoleSeconds");
    }
  }

  /** These settings with another pause limit, for example a patient's {@code Admission.pauseMillis}. */
  public RhythmSettings withPauseMillis(int millis) {
    return new RhythmSettings(asystoleSeconds, vfWindowSeconds, vfLeakageBelow, vfMinHz, vfMaxHz, organisedRateBpm,
        organisedRrCv, vfWindowsToConfirm, vfWindowsSeen, flatLineSeconds, wideQrsMillis, vtMinBeats, vtRateBpm, millis);
  }

  /** These settings with another VT run length and rate limit. */
  public RhythmSettings withVentricularTachycardia(int minBeats, double rateBpm) {
    return new RhythmSettings(asystoleSeconds, vfWindowSeconds, vfLeakageBelow, vfMinHz, vfMaxHz, organisedRateBpm,
        organisedRrCv, vfWindowsToConfirm, vfWindowsSeen, flatLineSeconds, wideQrsMillis, minBeats, rateBpm, pauseMillis);
  }

  /** These settings with another wide-QRS threshold, for tuning. */
  public RhythmSettings withWideQrsMillis(double millis) {
    return new RhythmSettings(asystoleSeconds, vfWindowSeconds, vfLeakageBelow, vfMinHz, vfMaxHz, organisedRateBpm,
        organisedRrCv, vfWindowsToConfirm, vfWindowsSeen, flatLineSeconds, millis, vtMinBeats, vtRateBpm, pauseMillis);
  }

  public static RhythmSettings defaults() {
    return new RhythmSettings(4.0, 4.0, 0.70, 2.0, 10.0, 230, 0.2, 3, 4, 1.0, 55, 3, 100, 3000);
  }
}
