package org.ecgstream.flink.rhythm;

/** A life-threatening or technical condition of a patient starting or ending: a Flink POJO. */
public class RhythmChange {

  public static final String ASYSTOLE = "ASYSTOLE";
  public static final String VENTRICULAR_FIBRILLATION = "VENTRICULAR_FIBRILLATION";
  public static final String SIGNAL_LOST = "SIGNAL_LOST";
  public static final String ATRIAL_FIBRILLATION = "ATRIAL_FIBRILLATION";
  public static final String ST_DEVIATION = "ST_DEVIATION";
  public static final String VENTRICULAR_TACHYCARDIA = "VENTRICULAR_TACHYCARDIA";
  /** A pause is an instant, not a state: its change comes as a start and an end at the same time. */
  public static final String PAUSE = "PAUSE";
  /** Every usable lead too noisy to analyse (at least one usable): technical, information only. */
  public static final String NOISE = "NOISE";

  public String patientId;
  public String bedId;
  /** One of the constants above. */
  public String condition;
  public boolean started;
  public long eventTimeMillis;
  /** What the detector saw, for the alarm's evidence. */
  public String detail;

  public RhythmChange() {}

  public RhythmChange(String patientId, String bedId, String condition, boolean started, long eventTimeMillis, String detail) {
    this.patientId = patientId;
    this.bedId = bedId;
    this.condition = condition;
    this.started = started;
    this.eventTimeMillis = eventTimeMillis;
    this.detail = detail;
  }

  @Override
  public String toString() {
    return "RhythmChange{" + patientId + " " + condition + (started ? " started" : " ended") + " @" + eventTimeMillis + "}";
  }
}
