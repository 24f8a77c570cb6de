package org.ecgstream.bridge;

import java.util.Map;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.AvroSafety;

/** Alarm state changes as the alarm job writes them, for the bridge's tests. */
public final class Alarms {

  public static final long ONSET_MILLIS = 1_764_115_200_000L; // 2025-11-26T00:00:00Z

  static {
    AvroSafety.install(); // copying builders look up the generated enum classes
  }

  private Alarms() {}

  /** A HIGH clinical ventricular fibrillation episode of {@code patientId} in state {@code state}. */
  public static Alarm ventricularFibrillation(String patientId, int stateSeq, AlarmState state) {
    return Alarm.newBuilder()
        .setAlarmId(patientId + ":VENTRICULAR_FIBRILLATION:" + ONSET_MILLIS)
        .setStateSeq(stateSeq)
        .setPatientId(patientId)
        .setBedId("ICU-" + patientId)
        .setKind("VENTRICULAR_FIBRILLATION")
        .setCategory(AlarmCategory.CLINICAL)
        .setPriority(AlarmPriority.HIGH)
        .setState(state)
        .setOnsetTimeMillis(ONSET_MILLIS)
        .setEventTimeMillis(ONSET_MILLIS + 4_000L * stateSeq)
        .setSource("dsp:rhythm")
        .setMessage(state == AlarmState.CLEARED ? "ventricular fibrillation ended" : "VENTRICULAR FIBRILLATION")
        .setEvidence(Map.of("detector", "organised QRS absent, dominant frequency 5.1 Hz"))
        .build();
  }

  /** A MEDIUM heart-rate-high episode with its value and limit. */
  public static Alarm heartRateHigh(String patientId, int stateSeq, AlarmState state, double bpm) {
    return Alarm.newBuilder()
        .setAlarmId(patientId + ":HEART_RATE_HIGH:" + ONSET_MILLIS)
        .setStateSeq(stateSeq)
        .setPatientId(patientId)
        .setBedId(null)
        .setKind("HEART_RATE_HIGH")
        .setCategory(AlarmCategory.CLINICAL)
        .setPriority(AlarmPriority.MEDIUM)
        .setState(state)
        .setOnsetTimeMillis(ONSET_MILLIS)
        .setEventTimeMillis(ONSET_MILLIS + 1_000L * stateSeq)
        .setValue(bpm)
        .setUnit("bpm")
        .setLimit(120.0)
        .setSource("dsp:heart-rate-limits")
        .setMessage("heart rate " + Math.round(bpm) + " bpm above 120")
        .setEvidence(Map.of())
        .build();
  }
}
