package org.ecgstream.flink.rate;

/**
 * A patient's running heart rate as of the end of one frame ({@code measuredAtMillis}, device
 * time): 60 / median RR of the beats in the {@code spanMillis} before it (core's
 * {@code RunningHeartRate}), or why there is none. The one source of the rate: the limit alarms
 * judge the valid ones, the running vitals publish them. A Flink POJO.
 */
public class HeartRate {

  /** Fewer beats than a rate needs in the span (including none at all). */
  public static final String TOO_FEW_BEATS = "TOO_FEW_BEATS";

  public String patientId;
  public String bedId;
  /** The time the rate is measured to: the end of the frame that completed it (device time, epoch ms). */
  public long measuredAtMillis;
  /** How far back the beats it is measured over reach (the rate window, shorter just after the analysis starts). */
  public long spanMillis;
  /** 60 / median RR; NaN when the span held too few beats. */
  public double bpm;
  /** Beats in the span. */
  public int beats;
  /**
   * Why the rate is not valid, or null when it is: ASYSTOLE, VENTRICULAR_FIBRILLATION, SIGNAL_LOST,
   * NOISE (the rhythm analysis' conditions, most severe first) or {@link #TOO_FEW_BEATS}.
   */
  public String invalidReason;
  /** The detector's words for the reason (null when valid). */
  public String invalidDetail;

  public HeartRate() {}

  /** A valid rate (or TOO_FEW_BEATS when {@code bpm} is NaN). */
  public HeartRate(String patientId, String bedId, long measuredAtMillis, long spanMillis, double bpm, int beats) {
    this.patientId = patientId;
    this.bedId = bedId;
    this.measuredAtMillis = measuredAtMillis;
    this.spanMillis = spanMillis;
    this.bpm = bpm;
    this.beats = beats;
    if (Double.isNaN(bpm)) {
      this.invalidReason = TOO_FEW_BEATS;
      this.invalidDetail = beats == 0
          ? String.format(java.util.Locale.ROOT, "no QRS in %.0f s", spanMillis / 1000.0)
          : String.format(java.util.Locale.ROOT, "%d QRS in %.0f s, a rate needs %d", beats, spanMillis / 1000.0,
              org.ecgstream.core.rhythm.RunningHeartRate.MIN_BEATS);
    }
  }

  /** The same measurement, not valid for {@code reason} (a condition that makes any rate meaningless). */
  public HeartRate notValid(String reason, String detail) {
    HeartRate r = new HeartRate(patientId, bedId, measuredAtMillis, spanMillis, bpm, beats);
    r.invalidReason = reason;
    r.invalidDetail = detail;
    return r;
  }

  /** Whether the rate stands: enough beats and no condition against it. The limit alarms judge only these. */
  public boolean valid() {
    return invalidReason == null;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "HeartRate{%s %.1f bpm, %d beats, at %d%s}", patientId, bpm, beats,
        measuredAtMillis, valid() ? "" : ", " + invalidReason);
  }
}
