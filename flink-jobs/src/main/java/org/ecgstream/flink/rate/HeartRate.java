package org.ecgstream.flink.rate;

/** A patient's heart rate over one event-time window: a Flink POJO. */
public class HeartRate {
  public String patientId;
  public String bedId;
  public long windowStartMillis;
  public long windowEndMillis;
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

  @Override
  public String toString() {
    return String.format("HeartRate{%s %.1f bpm, %d beats, window end %d}", patientId, bpm, beats, windowEndMillis);
  }
}
