package org.ecgstream.flink.alarms;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.AvroSafety;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heart-rate limit alarms in four tiers ({@link HeartRateLimits}): a rate outside [low, high]
 * raises a MEDIUM priority HEART_RATE_LOW / HEART_RATE_HIGH alarm, one below the extreme low or
 * above the extreme high a HIGH priority EXTREME_BRADYCARDIA / EXTREME_TACHYCARDIA alarm
 * (IEC 60601-2-27 ranks extreme rates with the life-threatening arrhythmias).
 *
 * <p>Input 1 is the patient's running rate, valid ones only ({@link HeartRate#valid}), updated with
 * every frame by the rhythm analysis, so an alarm is raised from the frame whose rate crosses the
 * limit, with no window or watermark to wait for; input 2 the patient's admissions, whose limits
 * (if any) replace the job's defaults from the next rate on. A worse tier, or the other direction,
 * takes over at once: the open episode is cleared and the new one raised at the same rate, so an
 * escalation is never delayed. A milder tier or a normal rate ends the open episode only once the
 * rate has been inside its limit by {@link #HYSTERESIS_BPM} for {@link #CLEAR_AFTER_MILLIS} (from
 * the first such rate to one at least that much later, with no rate in the tier in between; rates
 * inside the limit but within the margin neither count nor reset). That is the two consecutive 2 s
 * windows of the windowed rate this replaces, in time rather than in windows.
 * One alarm id per episode, derived from patient, kind and onset, so a replay after a restart
 * produces the same id.
 */
public class HeartRateLimitAlarms extends KeyedCoProcessFunction<String, HeartRate, Admission, Alarm> {

  public static final String HIGH = "HEART_RATE_HIGH";
  public static final String LOW = "HEART_RATE_LOW";
  public static final String EXTREME_TACHYCARDIA = "EXTREME_TACHYCARDIA";
  public static final String EXTREME_BRADYCARDIA = "EXTREME_BRADYCARDIA";
  public static final String SOURCE = "dsp:heart-rate-limits";
  static final double HYSTERESIS_BPM = 5;
  static final long CLEAR_AFTER_MILLIS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(HeartRateLimitAlarms.class);

  /** The tiers, with the direction of the violation and how severe it is. */
  enum Tier {
    EXTREME_LOW(EXTREME_BRADYCARDIA, -1, 2, AlarmPriority.HIGH),
    LOW_LIMIT(LOW, -1, 1, AlarmPriority.MEDIUM),
    HIGH_LIMIT(HIGH, 1, 1, AlarmPriority.MEDIUM),
    EXTREME_HIGH(EXTREME_TACHYCARDIA, 1, 2, AlarmPriority.HIGH);

    final String kind;
    final int direction;
    final int severity;
    final AlarmPriority priority;

    Tier(String kind, int direction, int severity, AlarmPriority priority) {
      this.kind = kind;
      this.direction = direction;
      this.severity = severity;
      this.priority = priority;
    }

    static Tier of(String kind) {
      for (Tier t : values()) {
        if (t.kind.equals(kind)) {
          return t;
        }
      }
      throw new IllegalArgumentException("not a heart-rate alarm kind: " + kind);
    }

    /** The tier a rate falls in under {@code limits}, or null inside [low, high]. */
    static Tier judge(double bpm, HeartRateLimits limits) {
      if (bpm > limits.extremeHighBpm()) {
        return EXTREME_HIGH;
      }
      if (bpm > limits.highBpm()) {
        return HIGH_LIMIT;
      }
      if (bpm < limits.extremeLowBpm()) {
        return EXTREME_LOW;
      }
      return bpm < limits.lowBpm() ? LOW_LIMIT : null;
    }

    double limit(HeartRateLimits limits) {
      return switch (this) {
        case EXTREME_LOW -> limits.extremeLowBpm();
        case LOW_LIMIT -> limits.lowBpm();
        case HIGH_LIMIT -> limits.highBpm();
        case EXTREME_HIGH -> limits.extremeHighBpm();
      };
    }

    /** Whether {@code other} (null: a normal rate) replaces this tier at once. */
    boolean supersededBy(Tier other) {
      return other != null && (other.direction != direction || other.severity > severity);
    }
  }

  /** Whether {@code kind} is one of the rate alarms (meaningless during asystole or VF). */
  public static boolean isRateAlarm(String kind) {
    return kind.equals(HIGH) || kind.equals(LOW) || kind.equals(EXTREME_TACHYCARDIA) || kind.equals(EXTREME_BRADYCARDIA);
  }

  /** The open episode of a patient: a Flink POJO. */
  public static class Episode {
    public String alarmId;
    public String kind;
    public long onsetMillis;
    public double limit;
    public int stateSeq;
    /** When the rate was first inside the limit by the margin since it was last in the tier; -1: not yet. */
    public long wellInsideSinceMillis = -1;
  }

  private final HeartRateLimits defaults;
  private transient ValueState<Episode> episode;
  private transient ValueState<HeartRateLimits> patientLimits;

  public HeartRateLimitAlarms(HeartRateLimits defaults) {
    this.defaults = defaults;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    episode = getRuntimeContext().getState(new ValueStateDescriptor<>("heart-rate-episode", Episode.class));
    patientLimits = getRuntimeContext().getState(new ValueStateDescriptor<>("heart-rate-limits", HeartRateLimits.class));
  }

  @Override
  public void processElement2(Admission admission, Context ctx, Collector<Alarm> out) throws Exception {
    if (admission.getLimits() == null) {
      patientLimits.clear();
      return;
    }
    HeartRateLimits limits;
    try {
      limits = defaults.overriddenBy(admission.getLimits());
    } catch (IllegalArgumentException e) {
      // Keep the limits in force: a typo in an admission must not switch alarms off.
      LOG.warn("admission_limits_refused device={} reason=\"{}\"; keeping the limits in force",
          admission.getDeviceId(), e.getMessage());
      return;
    }
    patientLimits.update(limits);
  }

  @Override
  public void processElement1(HeartRate rate, Context ctx, Collector<Alarm> out) throws Exception {
    HeartRateLimits own = patientLimits.value();
    HeartRateLimits limits = own == null ? defaults : own;
    Episode open = episode.value();
    Tier violated = Tier.judge(rate.bpm, limits);

    if (open != null) {
      Tier current = Tier.of(open.kind);
      if (current == violated) {
        if (open.wellInsideSinceMillis >= 0) {
          open.wellInsideSinceMillis = -1;
          episode.update(open);
        }
        return;
      }
      boolean ends = current.supersededBy(violated);
      if (!ends && wellInside(rate.bpm, current, open.limit)) {
        if (open.wellInsideSinceMillis < 0) {
          open.wellInsideSinceMillis = rate.measuredAtMillis;
          episode.update(open);
        }
        ends = rate.measuredAtMillis - open.wellInsideSinceMillis >= CLEAR_AFTER_MILLIS;
      }
      if (!ends) {
        return;
      }
      out.collect(alarm(open, current.priority, rate, AlarmState.CLEARED, ++open.stateSeq));
      episode.clear();
    }

    if (violated != null) {
      Episode raised = new Episode();
      raised.kind = violated.kind;
      raised.onsetMillis = rate.measuredAtMillis;
      raised.limit = violated.limit(limits);
      raised.alarmId = rate.patientId + ":" + violated.kind + ":" + rate.measuredAtMillis;
      raised.stateSeq = 0;
      out.collect(alarm(raised, violated.priority, rate, AlarmState.RAISED, 0));
      episode.update(raised);
    }
  }

  /** Inside the open tier's limit by the hysteresis margin. */
  private static boolean wellInside(double bpm, Tier tier, double limit) {
    return tier.direction > 0 ? bpm <= limit - HYSTERESIS_BPM : bpm >= limit + HYSTERESIS_BPM;
  }

  private static Alarm alarm(Episode e, AlarmPriority priority, HeartRate rate, AlarmState state, int seq) {
    boolean high = Tier.of(e.kind).direction > 0;
    String message;
    if (state == AlarmState.CLEARED) {
      message = String.format("heart rate back %s limit %.0f (%.0f bpm)", high ? "below" : "above", e.limit, rate.bpm);
    } else if (priority == AlarmPriority.HIGH) {
      message = String.format("%s: heart rate %.1f bpm %s limit %.0f", high ? "EXTREME TACHYCARDIA" : "EXTREME BRADYCARDIA",
          rate.bpm, high ? "above" : "below", e.limit);
    } else {
      message = String.format("heart rate %.1f bpm %s limit %.0f", rate.bpm, high ? "above" : "below", e.limit);
    }
    return Alarm.newBuilder()
        .setAlarmId(e.alarmId)
        .setStateSeq(seq)
        .setPatientId(rate.patientId)
        .setBedId(rate.bedId)
        .setKind(e.kind)
        .setCategory(AlarmCategory.CLINICAL)
        .setPriority(priority)
        .setState(state)
        .setOnsetTimeMillis(e.onsetMillis)
        .setEventTimeMillis(rate.measuredAtMillis)
        .setValue(Math.round(rate.bpm * 10) / 10.0)
        .setUnit("bpm")
        .setLimit(e.limit)
        .setSource(SOURCE)
        .setMessage(message)
        .setEvidence(Map.of(
            "beats", Integer.toString(rate.beats),
            "windowStartMillis", Long.toString(rate.measuredAtMillis - rate.spanMillis),
            "windowEndMillis", Long.toString(rate.measuredAtMillis)))
        .build();
  }
}
