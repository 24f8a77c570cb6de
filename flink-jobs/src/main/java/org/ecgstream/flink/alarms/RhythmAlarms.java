package org.ecgstream.flink.alarms;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.flink.rhythm.RhythmChange;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Turns rhythm changes into alarm episodes: asystole, ventricular fibrillation and ventricular
 * tachycardia are HIGH priority
 * clinical alarms (IEC 60601-2-27 lists them as life-threatening); atrial fibrillation is a LOW
 * priority clinical alarm (its RR-only detector still mistakes frequent multiform PVCs for AF);
 * a lost signal is a MEDIUM technical LEAD_OFF alarm, never a clinical one; signal too noisy to
 * analyse on every usable lead is a MEDIUM technical NOISE alarm (the same class as LEAD_OFF), whose
 * evidence names each lead's noise index. NOISE is information only: it never suppresses, delays or
 * clears a clinical alarm. One alarm id per episode, from patient, kind and
 * onset, so a replay produces the same ids.
 *
 * <p>Episodes are RAISED when the condition starts and CLEARED when it ends. Latching of high
 * priority alarms until acknowledged comes with the full alarm state machine.
 */
public class RhythmAlarms extends KeyedProcessFunction<String, RhythmChange, Alarm> {

  public static final String ASYSTOLE = "ASYSTOLE";
  public static final String VENTRICULAR_FIBRILLATION = "VENTRICULAR_FIBRILLATION";
  public static final String VENTRICULAR_TACHYCARDIA = "VENTRICULAR_TACHYCARDIA";
  /** An RR interval of 3 s or more that ended with a beat (longer silences are asystole): MEDIUM, one-shot. */
  public static final String PAUSE = "PAUSE";
  public static final String LEAD_OFF = "LEAD_OFF";
  public static final String NOISE = "NOISE";
  public static final String ATRIAL_FIBRILLATION = "ATRIAL_FIBRILLATION";
  /** Sustained ST elevation or depression: MEDIUM, clinical (ischaemia needs a look, not a crash cart). */
  public static final String ST_DEVIATION = "ST_DEVIATION";
  public static final String SOURCE = "dsp:rhythm";

  /** An open episode: a Flink POJO. */
  public static class Episode {
    public String alarmId;
    public long onsetMillis;
    public int stateSeq;
    public String detail;
  }

  private transient MapState<String, Episode> open;

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    open = getRuntimeContext().getMapState(new MapStateDescriptor<>("rhythm-episodes", String.class, Episode.class));
  }

  @Override
  public void processElement(RhythmChange change, Context ctx, Collector<Alarm> out) throws Exception {
    String kind = kindOf(change.condition);
    Episode episode = open.get(kind);
    if (change.started && episode == null) {
      episode = new Episode();
      episode.alarmId = change.patientId + ":" + kind + ":" + change.eventTimeMillis;
      episode.onsetMillis = change.eventTimeMillis;
      episode.detail = change.detail;
      out.collect(alarm(kind, episode, change, AlarmState.RAISED));
      open.put(kind, episode);
    } else if (!change.started && episode != null) {
      episode.stateSeq++;
      out.collect(alarm(kind, episode, change, AlarmState.CLEARED));
      open.remove(kind);
    }
  }

  static String kindOf(String condition) {
    return switch (condition) {
      case RhythmChange.ASYSTOLE -> ASYSTOLE;
      case RhythmChange.VENTRICULAR_FIBRILLATION -> VENTRICULAR_FIBRILLATION;
      case RhythmChange.SIGNAL_LOST -> LEAD_OFF;
      case RhythmChange.ATRIAL_FIBRILLATION -> ATRIAL_FIBRILLATION;
      case RhythmChange.ST_DEVIATION -> ST_DEVIATION;
      case RhythmChange.VENTRICULAR_TACHYCARDIA -> VENTRICULAR_TACHYCARDIA;
      case RhythmChange.PAUSE -> PAUSE;
      case RhythmChange.NOISE -> NOISE;
      default -> throw new IllegalArgumentException("unknown rhythm condition " + condition);
    };
  }

  static AlarmPriority priorityOf(String kind) {
    return switch (kind) {
      case ASYSTOLE, VENTRICULAR_FIBRILLATION, VENTRICULAR_TACHYCARDIA -> AlarmPriority.HIGH;
      case LEAD_OFF, NOISE, ST_DEVIATION, PAUSE -> AlarmPriority.MEDIUM;
      default -> AlarmPriority.LOW;
    };
  }

  private static Alarm alarm(String kind, Episode e, RhythmChange change, AlarmState state) {
    boolean technical = kind.equals(LEAD_OFF) || kind.equals(NOISE);
    String message = switch (kind) {
      case ASYSTOLE -> state == AlarmState.RAISED ? "ASYSTOLE: " + change.detail : "asystole ended: " + change.detail;
      case VENTRICULAR_FIBRILLATION -> state == AlarmState.RAISED ? "VENTRICULAR FIBRILLATION: " + change.detail : "VF ended: " + change.detail;
      case ATRIAL_FIBRILLATION -> state == AlarmState.RAISED ? "atrial fibrillation suspected: " + change.detail : "AF ended: " + change.detail;
      case ST_DEVIATION -> state == AlarmState.RAISED ? "ST deviation: " + change.detail : "ST deviation ended: " + change.detail;
      case VENTRICULAR_TACHYCARDIA -> state == AlarmState.RAISED ? "VENTRICULAR TACHYCARDIA: " + change.detail : "VT ended: " + change.detail;
      case PAUSE -> state == AlarmState.RAISED ? "PAUSE: " + change.detail : "pause over: " + change.detail;
      case NOISE -> state == AlarmState.RAISED
          ? "ECG too noisy to analyse: " + change.detail + "; check electrodes, skin preparation and patient movement"
          : "ECG signal quality restored: " + change.detail;
      default -> state == AlarmState.RAISED ? "ECG signal lost: " + change.detail + "; check electrodes" : "ECG signal restored";
    };
    return Alarm.newBuilder()
        .setAlarmId(e.alarmId)
        .setStateSeq(state == AlarmState.RAISED ? 0 : e.stateSeq)
        .setPatientId(change.patientId)
        .setBedId(change.bedId)
        .setKind(kind)
        .setCategory(technical ? AlarmCategory.TECHNICAL : AlarmCategory.CLINICAL)
        .setPriority(priorityOf(kind))
        .setState(state)
        .setOnsetTimeMillis(e.onsetMillis)
        .setEventTimeMillis(change.eventTimeMillis)
        .setSource(SOURCE)
        .setMessage(message)
        .setEvidence(Map.of("detector", change.detail))
        .build();
  }
}
