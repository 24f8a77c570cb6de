package org.ecgstream.flink.beats;

/** One detected heart beat of a patient: a Flink POJO (public fields, no-arg constructor). */
public class Beat {
  public String patientId;
  public String bedId;
  /** Event time of the R peak, epoch milliseconds. */
  public long rPeakTimeMillis;

  public Beat() {}

  public Beat(String patientId, String bedId, long rPeakTimeMillis) {
    this.patientId = patientId;
    this.bedId = bedId;
    this.rPeakTimeMillis = rPeakTimeMillis;
  }

  @Override
  public String toString() {
    return "Beat{" + patientId + " @" + rPeakTimeMillis + "}";
  }
}
