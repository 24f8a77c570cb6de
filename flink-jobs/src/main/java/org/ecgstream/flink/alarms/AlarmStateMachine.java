package org.ecgstream.flink.alarms;

import java.util.ArrayList;
import java.util.HashMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * The alarm episode lifecycle after IEC 60601-1-8, per patient. Input 1 is what the detectors say
 * about conditions (an episode RAISED when its condition starts, CLEARED when it ends); input 2 is
 * acknowledgements from {@code ecg.acks}. Output is every state change of every episode, with
 * {@code stateSeq} counting them, so consumers can reconcile after a restart.
 *
 * <ul>
 *   <li>HIGH priority alarms latch: when the condition ends before anyone acknowledged, the episode
 *       stays active (UPDATED, "latched") until acknowledged, then CLEARED.
 *   <li>An acknowledgement of an active condition gives ACKNOWLEDGED; the episode is CLEARED when
 *       the condition ends.
 *   <li>An episode still unacknowledged {@code escalateAfterMillis} (event time) after onset is
 *       ESCALATED once, so a second responder can be called.
 *   <li>Lower priorities do not latch; they clear with their condition.
 *   <li>Heart-rate alarms (limits and extreme rates) are not raised while asystole or VF is
 *       active for the patient: the "beats" under VF are fibrillation waves and the rate during
 *       asystole is meaningless; the asystole or VF alarm, HIGH priority, already says what is
 *       wrong. No alarm derived from a rhythm detector is ever suppressed.
 * </ul>
 *
 * <p>Models add evidence ({@link ModelEvidence}): a detector's alarm raised while the model's
 * latest window supports its kind carries the model's score in its evidence; one already active
 * gets it in an UPDATED change. Evidence never raises, delays, clears or suppresses an alarm.
 *
 * <p>A raised alarm goes out the moment it arrives: nothing delays it. Condition ends,
 * acknowledgements and escalations take effect in event-time order (when the watermark passes
 * their time), whatever order the two input streams arrive in, so an ack given before a condition
 * ended is applied before that end. An ack for an unknown or finished episode changes nothing.
 *
 * <p>Metric: {@value #STATE_CHANGES_METRIC}, a counter per kind, priority and state (user groups
 * {@code kind}, {@code priority}, {@code state}); its RAISED series counts the alarms raised.
 */
public class AlarmStateMachine extends KeyedCoProcessFunction<String, Alarm, AlarmAck, Alarm> {

  /** One episode's lifecycle: a Flink POJO. */
  public static class Episode {
    public Alarm last;
    /** The model versions whose evidence this episode already carries. */
    public String evidencedBy;
    public boolean conditionActive;
    public boolean acknowledged;
    public boolean escalated;
    public int stateSeq;
  }

  private final long escalateAfterMillis;
  private transient MapState<String, Episode> episodes;
  private transient ListState<AlarmAck> pendingAcks;
  private transient ListState<Alarm> pendingEnds;
  private transient MapState<String, Alarm> latestEvidence;
  private transient MetricGroup metrics;
  private transient Map<String, Counter> stateChanges;

  /** Counter of emitted state changes by kind, priority and state (Prometheus: ..._kind_priority_state_alarmStateChanges). */
  public static final String STATE_CHANGES_METRIC = "alarmStateChanges";

  /** How old a model's evidence may be (event time) and still be attached to an alarm being raised. */
  static final long EVIDENCE_FRESH_MILLIS = 30_000;

  public AlarmStateMachine(long escalateAfterMillis) {
    this.escalateAfterMillis = escalateAfterMillis;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    episodes = getRuntimeContext().getMapState(new MapStateDescriptor<>("alarm-episodes", String.class, Episode.class));
    pendingAcks = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-acks", AlarmAck.class));
    pendingEnds = getRuntimeContext().getListState(new ListStateDescriptor<>("pending-ends", Alarm.class));
    latestEvidence = getRuntimeContext().getMapState(new MapStateDescriptor<>("model-evidence", String.class, Alarm.class));
    metrics = getRuntimeContext().getMetricGroup();
    stateChanges = new HashMap<>();
  }

  @Override
  public void processElement1(Alarm condition, Context ctx, Collector<Alarm> out) throws Exception {
    if (ModelEvidence.isEvidence(condition)) {
      attachEvidence(condition, out);
      return;
    }
    Episode e = episodes.get(condition.getAlarmId());
    if (condition.getState() == AlarmState.RAISED && e == null && HeartRateLimitAlarms.isRateAlarm(condition.getKind())
        && lifeThreateningActiveAt(condition.getEventTimeMillis())) {
      return; // suppressed: see the class comment
    }
    if (condition.getState() == AlarmState.RAISED && e == null) {
      e = new Episode();
      e.conditionActive = true;
      Alarm evidence = latestEvidence.get(condition.getKind());
      if (evidence != null && condition.getEventTimeMillis() - evidence.getEventTimeMillis() <= EVIDENCE_FRESH_MILLIS) {
        condition = withEvidence(condition, evidence);
        e.evidencedBy = evidence.getSource();
      }
      e.last = condition;
      emit(e, condition, AlarmState.RAISED, null, out);
      episodes.put(condition.getAlarmId(), e);
      ctx.timerService().registerEventTimeTimer(condition.getOnsetTimeMillis() + escalateAfterMillis);
    } else if (condition.getState() == AlarmState.CLEARED) {
      pendingEnds.add(condition);
      ctx.timerService().registerEventTimeTimer(condition.getEventTimeMillis());
    }
  }

  /**
   * A model's evidence about a detector's kind (for example its AF probability for
   * ATRIAL_FIBRILLATION): kept as the patient's latest, to go into that kind's next RAISED record,
   * and added once per model version to an active episode of that kind as an UPDATED change. It
   * never raises, clears or holds back anything.
   */
  private void attachEvidence(Alarm evidence, Collector<Alarm> out) throws Exception {
    latestEvidence.put(evidence.getKind(), evidence);
    List<Map.Entry<String, Episode>> open = new ArrayList<>();
    episodes.entries().forEach(open::add);
    for (Map.Entry<String, Episode> entry : open) {
      Episode e = entry.getValue();
      if (e.conditionActive && e.last.getKind().equals(evidence.getKind()) && !evidence.getSource().equals(e.evidencedBy)) {
        e.evidencedBy = evidence.getSource();
        Alarm updated = withEvidence(Alarm.newBuilder(e.last)
            .setEventTimeMillis(Math.max(e.last.getEventTimeMillis(), evidence.getEventTimeMillis())).build(), evidence);
        emit(e, updated, AlarmState.UPDATED, "model evidence added", out);
        episodes.put(entry.getKey(), e);
      }
    }
  }

  private static Alarm withEvidence(Alarm alarm, Alarm evidence) {
    Map<String, String> merged = new HashMap<>(alarm.getEvidence());
    merged.putAll(evidence.getEvidence());
    return Alarm.newBuilder(alarm).setEvidence(merged).build();
  }

  private void endCondition(Alarm condition, Collector<Alarm> out) throws Exception {
    Episode e = episodes.get(condition.getAlarmId());
    if (e != null && e.conditionActive) {
      e.conditionActive = false;
      if (latches(condition) && !e.acknowledged) {
        emit(e, condition, AlarmState.UPDATED, "condition ended; latched until acknowledged", out);
        episodes.put(condition.getAlarmId(), e);
      } else {
        emit(e, condition, AlarmState.CLEARED, null, out);
        episodes.remove(condition.getAlarmId());
      }
    }
  }

  @Override
  public void processElement2(AlarmAck ack, Context ctx, Collector<Alarm> out) throws Exception {
    pendingAcks.add(ack);
    ctx.timerService().registerEventTimeTimer(ack.getAcknowledgedAtMillis());
  }

  private void acknowledge(AlarmAck ack, Collector<Alarm> out) throws Exception {
    Episode e = episodes.get(ack.getAlarmId());
    if (e == null || e.acknowledged) {
      return; // unknown, already cleared, or acknowledged twice: nothing changes
    }
    e.acknowledged = true;
    Alarm acknowledged = Alarm.newBuilder(e.last)
        .setEventTimeMillis(Math.max(e.last.getEventTimeMillis(), ack.getAcknowledgedAtMillis()))
        .build();
    Map<String, String> evidence = new HashMap<>(acknowledged.getEvidence());
    evidence.put("acknowledgedBy", ack.getAcknowledgedBy());
    evidence.put("acknowledgedVia", ack.getSource());
    acknowledged.setEvidence(evidence);
    emit(e, acknowledged, AlarmState.ACKNOWLEDGED, null, out);
    if (!e.conditionActive) {
      emit(e, acknowledged, AlarmState.CLEARED, "acknowledged after the condition ended", out);
      episodes.remove(ack.getAlarmId());
    } else {
      episodes.put(ack.getAlarmId(), e);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alarm> out) throws Exception {
    // Due acks and condition ends, in event-time order; at equal times the ack first (it was given
    // while the condition was still on).
    List<Object[]> due = new ArrayList<>();
    List<AlarmAck> laterAcks = new ArrayList<>();
    for (AlarmAck ack : pendingAcks.get()) {
      if (ack.getAcknowledgedAtMillis() <= timestamp) {
        due.add(new Object[] {ack.getAcknowledgedAtMillis(), 0, ack});
      } else {
        laterAcks.add(ack);
      }
    }
    List<Alarm> laterEnds = new ArrayList<>();
    for (Alarm end : pendingEnds.get()) {
      if (end.getEventTimeMillis() <= timestamp) {
        due.add(new Object[] {end.getEventTimeMillis(), 1, end});
      } else {
        laterEnds.add(end);
      }
    }
    pendingAcks.update(laterAcks);
    pendingEnds.update(laterEnds);
    due.sort(java.util.Comparator.<Object[]>comparingLong(d -> (Long) d[0]).thenComparingInt(d -> (Integer) d[1]));
    for (Object[] d : due) {
      if (d[2] instanceof AlarmAck ack) {
        acknowledge(ack, out);
      } else {
        endCondition((Alarm) d[2], out);
      }
    }
    List<Map.Entry<String, Episode>> open = new ArrayList<>();
    episodes.entries().forEach(open::add);
    for (Map.Entry<String, Episode> entry : open) {
      Episode e = entry.getValue();
      if (!e.acknowledged && !e.escalated && e.last.getOnsetTimeMillis() + escalateAfterMillis <= timestamp) {
        e.escalated = true;
        Alarm escalated = Alarm.newBuilder(e.last).setEventTimeMillis(timestamp).build();
        emit(e, escalated, AlarmState.ESCALATED, "unacknowledged for " + escalateAfterMillis / 1000 + " s", out);
        episodes.put(entry.getKey(), e);
      }
    }
  }

  /**
   * Whether asystole or VF is going on for this patient at {@code time}: an active episode whose
   * end, if already known but not yet applied (ends wait for the watermark), comes after it.
   */
  private boolean lifeThreateningActiveAt(long time) throws Exception {
    for (Map.Entry<String, Episode> entry : episodes.entries()) {
      Episode e = entry.getValue();
      String kind = e.last.getKind();
      if (!e.conditionActive || !(kind.equals(RhythmAlarms.ASYSTOLE) || kind.equals(RhythmAlarms.VENTRICULAR_FIBRILLATION))) {
        continue;
      }
      boolean endedBefore = false;
      for (Alarm end : pendingEnds.get()) {
        endedBefore |= end.getAlarmId().equals(entry.getKey()) && end.getEventTimeMillis() <= time;
      }
      if (!endedBefore) {
        return true;
      }
    }
    return false;
  }

  private static boolean latches(Alarm alarm) {
    return alarm.getPriority() == AlarmPriority.HIGH;
  }

  private void emit(Episode e, Alarm basis, AlarmState state, String note, Collector<Alarm> out) {
    Alarm change = Alarm.newBuilder(basis).setState(state).setStateSeq(state == AlarmState.RAISED ? 0 : ++e.stateSeq).build();
    if (note != null) {
      Map<String, String> evidence = new HashMap<>(change.getEvidence());
      evidence.put("note", note);
      change.setEvidence(evidence);
      change.setMessage(change.getMessage() + " (" + note + ")");
    }
    e.last = change;
    out.collect(change);
    counted(change);
  }

  /** Kinds, priorities and states are small fixed sets, so the counters stay few. */
  private void counted(Alarm change) {
    String kind = change.getKind();
    String priority = change.getPriority().name();
    String state = change.getState().name();
    stateChanges.computeIfAbsent(kind + '|' + priority + '|' + state, k -> metrics.addGroup("kind", kind)
        .addGroup("priority", priority).addGroup("state", state).counter(STATE_CHANGES_METRIC)).inc();
  }
}
