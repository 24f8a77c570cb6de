package org.ecgstream.flink.alarms;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;

/**
 * Raises a heart-rate limit alarm when a patient's rate leaves [low, high] and clears it when the
 * rate has been back inside the limits (by a hysteresis margin) for {@link #CLEAR_AFTER_WINDOWS}
 * consecutive windows. One alarm id per episode, derived from patient, kind and onset so that a
 * replay after a restart produces the same id.
 *
 * <p>Priority MEDIUM: IEC 60601-2-27 treats heart-rate limit violations as at least medium
 * priority; extreme rates and arrhythmias (HIGH) come with the full detector set.
 */
public class HeartRateLimitAlarms extends KeyedProcessFunction<String, HeartRate, Alarm> {

  public static final String HIGH = "HEART_RATE_HIGH";
  public static final String LOW = "HEART_RATE_LOW";
  public static final String SOURCE = "dsp:heart-rate-limits";
  static final double HYSTERESIS_BPM = 5;
  static final int CLEAR_AFTER_WINDOWS = 2;

  /** The open episode of a patient: a Flink POJO. */
  public static class Episode {
    public String alarmId;
    public String kind;
    public long onsetMillis;
    public double limit;
    public int stateSeq;
    public int windowsInside;
  }

  private final int lowBpm;
  private final int highBpm;
  private transient ValueState<Episode> episode;

  public HeartRateLimitAlarms(int lowBpm, int highBpm) {
    this.lowBpm = lowBpm;
    this.highBpm = highBpm;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    episode = getRuntimeContext().getState(new ValueStateDescriptor<>("heart-rate-episode", Episode.class));
  }

  @Override
  public void processElement(HeartRate rate, Context ctx, Collector<Alarm> out) throws Exception {
    Episode open = episode.value();
    String violated = rate.bpm > highBpm ? HIGH : rate.bpm < lowBpm ? LOW : null;

    if (open != null && !open.kind.equals(violated)) {
      boolean wellInside = rate.bpm <= highBpm - HYSTERESIS_BPM && rate.bpm >= lowBpm + HYSTERESIS_BPM;
      if (violated != null || wellInside) {
        open.windowsInside = violated != null ? CLEAR_AFTER_WINDOWS : open.windowsInside + 1;
      }
      if (open.windowsInside >= CLEAR_AFTER_WINDOWS) {
        out.collect(alarm(open, rate, AlarmState.CLEARED, ++open.stateSeq));
        episode.clear();
        open = null;
      } else {
        episode.update(open);
      }
    } else if (open != null) {
      open.windowsInside = 0;
      episode.update(open);
    }

    if (open == null && violated != null) {
      Episode raised = new Episode();
      raised.kind = violated;
      raised.onsetMillis = rate.windowEndMillis;
      raised.limit = violated.equals(HIGH) ? highBpm : lowBpm;
      raised.alarmId = rate.patientId + ":" + violated + ":" + rate.windowEndMillis;
      raised.stateSeq = 0;
      out.collect(alarm(raised, rate, AlarmState.RAISED, 0));
      episode.update(raised);
    }
  }

  private static Alarm alarm(Episode e, HeartRate rate, AlarmState state, int seq) {
    String direction = e.kind.equals(HIGH) ? "above" : "below";
    String message = state == AlarmState.CLEARED
        ? String.format("heart rate back within limits (%.0f bpm)", rate.bpm)
        : String.format("heart rate %.1f bpm %s limit %.0f", rate.bpm, direction, e.limit);
    return Alarm.newBuilder()
        .setAlarmId(e.alarmId)
        .setStateSeq(seq)
        .setPatientId(rate.patientId)
        .setBedId(rate.bedId)
        .setKind(e.kind)
        .setCategory(AlarmCategory.CLINICAL)
        .setPriority(AlarmPriority.MEDIUM)
        .setState(state)
        .setOnsetTimeMillis(e.onsetMillis)
        .setEventTimeMillis(rate.windowEndMillis)
        .setValue(Math.round(rate.bpm * 10) / 10.0)
        .setUnit("bpm")
        .setLimit(e.limit)
        .setSource(SOURCE)
        .setMessage(message)
        .setEvidence(Map.of(
            "beats", Integer.toString(rate.beats),
            "windowStartMillis", Long.toString(rate.windowStartMillis),
            "windowEndMillis", Long.toString(rate.windowEndMillis)))
        .build();
  }
}
