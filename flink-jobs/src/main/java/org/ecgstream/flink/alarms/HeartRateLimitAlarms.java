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
 * every frame by the rhythm analysis, so an alarm is raised from the frame that completes its
 * evidence, with no window or watermark to wait for; input 2 the patient's admissions, whose limits
 * (if any) replace the job's defaults from the next rate on. Onset hysteresis: a rate beyond a
 * limit raises once it has stayed beyond it for {@link #ONSET_AFTER_MILLIS} (every rate of the run
 * in a tier that would raise, in one direction, none more than that apart), at the tier of the
 * rate that completes the run.
 * Judged at every frame, the running median of an irregular rhythm (AF at 105 bpm) pokes above a
 * limit for a frame or two, which the windowed rate judged every 2 s mostly did not see; 1 s holds
 * those back and costs less than the 2 s slide plus 1 s watermark the windows cost. A worse tier,
 * or the other direction, takes over the same way, with the same onset: the open episode is
 * cleared and the new one raised at the same rate. A milder tier or a normal rate ends the open
 * episode only once the
 * rate has been inside its limit by {@link #HYSTERESIS_BPM} for {@link #CLEAR_AFTER_MILLIS} (from
 * the first such rate to one at least that much later, with no rate in the tier in between; rates
 * inside the limit but within the margin neither count nor reset). That is the two consecutive 2 s
 * windows of the windowed rate this replaces, in time rather than in windows. A milder tier of the
 * same direction then takes over at once (the rate has been beyond its limit all along).
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
  static final long ONSET_AFTER_MILLIS = 1_000;

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

  /** A rate beyond a limit that is not yet an alarm (none open, or it would replace the open one): a Flink POJO. */
  public static class Onset {
    /** 1 above the high limits, -1 below the low ones. */
    public int direction;
    /** The first rate of the run beyond the limit. */
    public long sinceMillis;
    /** The latest rate of the run. */
    public long lastMillis;
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
  private transient ValueState<Onset> pendingOnset;
  private transient ValueState<HeartRateLimits> patientLimits;

  public HeartRateLimitAlarms(HeartRateLimits defaults) {
    this.defaults = defaults;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    episode = getRuntimeContext().getState(new ValueStateDescriptor<>("heart-rate-episode", Episode.class));
    pendingOnset = getRuntimeContext().getState(new ValueStateDescriptor<>("heart-rate-onset", Onset.class));
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
    Tier current = open == null ? null : Tier.of(open.kind);
    Tier violated = Tier.judge(rate.bpm, limits);
    long now = rate.measuredAtMillis;

    // Onset: a tier that would raise an alarm (none open, or a worse one or the other direction)
    // must hold for ONSET_AFTER_MILLIS; then it takes over at once.
    boolean raises = violated != null && (current == null || current.supersededBy(violated));
    Onset onset = pendingOnset.value();
    if (!raises) {
      if (onset != null) {
        pendingOnset.clear();
      }
    } else {
      // A run is broken by a change of direction or by a gap in the valid rates (a period of noise,
      // lost signal ...) longer than the onset itself.
      if (onset == null || onset.direction != violated.direction || now - onset.lastMillis > ONSET_AFTER_MILLIS) {
        onset = new Onset();
        onset.direction = violated.direction;
        onset.sinceMillis = now;
      }
      onset.lastMillis = now;
      pendingOnset.update(onset);
    }
    if (raises && now - onset.sinceMillis >= ONSET_AFTER_MILLIS) {
      pendingOnset.clear();
      if (open != null) {
        out.collect(alarm(open, current.priority, rate, AlarmState.CLEARED, ++open.stateSeq));
      }
      raise(violated, limits, rate, out);
      return;
    }
    if (open == null) {
      return;
    }

    // Offset: the open tier ends after CLEAR_AFTER_MILLIS well inside its limit.
    if (current == violated) {
      if (open.wellInsideSinceMillis >= 0) {
        open.wellInsideSinceMillis = -1;
        episode.update(open);
      }
      return;
    }
    if (wellInside(rate.bpm, current, open.limit)) {
      if (open.wellInsideSinceMillis < 0) {
        open.wellInsideSinceMillis = now;
        episode.update(open);
      }
      if (now - open.wellInsideSinceMillis >= CLEAR_AFTER_MILLIS) {
        out.collect(alarm(open, current.priority, rate, AlarmState.CLEARED, ++open.stateSeq));
        episode.clear();
        if (violated != null) {
          // A milder tier of the same direction: the rate has been beyond its limit all along, so
          // it needs no onset of its own and takes over at once.
          raise(violated, limits, rate, out);
        }
      }
    }
  }

  private void raise(Tier tier, HeartRateLimits limits, HeartRate rate, Collector<Alarm> out) throws Exception {
    Episode raised = new Episode();
    raised.kind = tier.kind;
    raised.onsetMillis = rate.measuredAtMillis;
    raised.limit = tier.limit(limits);
    raised.alarmId = rate.patientId + ":" + tier.kind + ":" + rate.measuredAtMillis;
    raised.stateSeq = 0;
    out.collect(alarm(raised, tier.priority, rate, AlarmState.RAISED, 0));
    episode.update(raised);
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
