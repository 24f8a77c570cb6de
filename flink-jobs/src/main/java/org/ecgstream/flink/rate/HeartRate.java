package org.ecgstream.flink.rate;

/** A patient's heart rate over one event-time window: a Flink POJO. */
public class HeartRate {
  public String patientId;
  public String bedId;
  public long windowStartMillis;
  public long windowEndMillis;
  /** 60 / median RR; NaN when the window held fewer than {@link HeartRateOverWindow#MIN_BEATS} beats. */
  public double bpm;
  public int beats;

  public HeartRate() {}

  public HeartRate(String patientId, String bedId, long windowStartMillis, long windowEndMillis, double bpm, int beats) {
    this.patientId = patientId;
    this.bedId = bedId;
    this.windowStartMillis = windowStartMillis;
    this.windowEndMillis = windowEndMillis;
    this.bpm = bpm;
    this.beats = beats;
  }

  /** Whether the window gave a rate (enough beats); the limit alarms judge only these. */
  public boolean hasRate() {
    return !Double.isNaN(bpm);
  }

  @Override
  public String toString() {
    return String.format("HeartRate{%s %.1f bpm, %d beats, window end %d}", patientId, bpm, beats, windowEndMillis);
  }
}
