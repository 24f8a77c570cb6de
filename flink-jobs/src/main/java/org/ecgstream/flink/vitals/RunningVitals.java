package org.ecgstream.flink.vitals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.flink.rate.HeartRateOverWindow;
import org.ecgstream.flink.rhythm.RhythmChange;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * A patient's running heart rate for {@code ecg.vitals}: every rate window the limit alarms judge
 * ({@link HeartRateOverWindow}, input 1) becomes one {@link PatientVitals}, valid unless the rhythm
 * analysis (input 2) reports asystole, ventricular fibrillation or lost signal going on, or the
 * window held too few beats. A bedside monitor shows "--" rather than a number then: during
 * asystole the window still holds the beats before it, during VF and lead-off the detector counts
 * artefact (IEC 60601-2-27 asks that a heart rate shown be one the monitor stands by).
 *
 * <p>Rhythm changes come as soon as the analysis sees them, rate windows only when the watermark
 * passes their end, so a change may arrive before the windows that precede it: changes wait in
 * state until the watermark passes them, and each window is judged by the changes before its end.
 *
 * <p>Sliding windows exist only while there are beats, so after {@code rateWindow} without a QRS no
 * rate comes at all. An event-time timer one slide after each record publishes a not-valid record
 * with zero beats then, so a reader never keeps showing the last number. It keeps doing so for at
 * most {@link #MAX_SILENCE_MILLIS} after the last window: a monitor that stopped sending (its
 * frames gone, not a flat line) gets no records after that, and readers mark its vitals stale.
 */
public class RunningVitals extends KeyedCoProcessFunction<String, HeartRate, RhythmChange, PatientVitals> {

  public static final String SOURCE = "dsp:heart-rate";
  public static final String ASYSTOLE = RhythmChange.ASYSTOLE;
  public static final String VENTRICULAR_FIBRILLATION = RhythmChange.VENTRICULAR_FIBRILLATION;
  public static final String SIGNAL_LOST = RhythmChange.SIGNAL_LOST;
  /** Every usable lead noisy: beats found in noise are no heart rate. */
  public static final String NOISE = RhythmChange.NOISE;
  public static final String TOO_FEW_BEATS = "TOO_FEW_BEATS";
  /** How long after the last rate window not-valid records keep coming (event time). */
  public static final long MAX_SILENCE_MILLIS = 60_000;

  /** What is going on with one patient: a Flink POJO. */
  public static class Monitoring {
    public String bedId;
    public String asystole;
    public String fibrillation;
    public String signalLost;
    public String noise;
    /** End of the span of the last record published; 0 before the first. */
    public long lastPublishedMillis;
    /** When the timer is to publish a not-valid record if no window came by then. */
    public long silenceCheckMillis;
    /** End of the last rate window received. */
    public long lastWindowMillis;
  }

  private final long rateWindowMillis;
  private final long slideMillis;
  private transient ValueState<Monitoring> monitoring;
  private transient ListState<RhythmChange> pendingChanges;

  /** @param rateWindowMillis and @param slideMillis of the rate windows (the job's rate window and slide) */
  public RunningVitals(long rateWindowMillis, long slideMillis) {
    if (slideMillis <= 0 || rateWindowMillis < slideMillis) {
      throw new IllegalArgumentException("rate window (" + rateWindowMillis + " ms) must be >= slide (" + slideMillis + " ms) > 0");
    }
    this.rateWindowMillis = rateWindowMillis;
    this.slideMillis = slideMillis;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    monitoring = getRuntimeContext().getState(new ValueStateDescriptor<>("vitals-monitoring", Monitoring.class));
    pendingChanges = getRuntimeContext().getListState(new ListStateDescriptor<>("vitals-pending-changes", RhythmChange.class));
  }

  @Override
  public void processElement1(HeartRate rate, Context ctx, Collector<PatientVitals> out) throws Exception {
    Monitoring m = current();
    if (rate.bedId != null) {
      m.bedId = rate.bedId;
    }
    m.lastWindowMillis = Math.max(m.lastWindowMillis, rate.windowEndMillis);
    PatientVitals.Builder v = PatientVitals.newBuilder()
        .setPatientId(rate.patientId)
        .setBedId(m.bedId)
        .setMeasuredAtMillis(rate.windowEndMillis)
        .setSpanMillis(rate.windowEndMillis - rate.windowStartMillis)
        .setBeats(rate.beats)
        .setSource(SOURCE);
    String[] why = ongoing(asOf(m, rate.windowEndMillis));
    if (why == null && !rate.hasRate()) {
      why = new String[] {TOO_FEW_BEATS, String.format(java.util.Locale.ROOT, "%d QRS in %.0f s, a rate needs %d",
          rate.beats, (rate.windowEndMillis - rate.windowStartMillis) / 1000.0, HeartRateOverWindow.MIN_BEATS)};
    }
    if (why == null) {
      v.setHeartRateValid(true).setHeartRateBpm(Math.round(rate.bpm * 10) / 10.0);
    } else {
      v.setHeartRateValid(false).setInvalidReason(why[0]).setInvalidDetail(why[1]);
    }
    publish(m, v.build(), ctx, out);
  }

  @Override
  public void processElement2(RhythmChange change, Context ctx, Collector<PatientVitals> out) throws Exception {
    if (!change.condition.equals(RhythmChange.ASYSTOLE) && !change.condition.equals(RhythmChange.VENTRICULAR_FIBRILLATION)
        && !change.condition.equals(RhythmChange.SIGNAL_LOST) && !change.condition.equals(RhythmChange.NOISE)) {
      return; // AF, VT, ST, pauses: the rate still stands
    }
    // Applies to the windows ending after it (at most a slide away): publishing here would need a
    // beat count this function does not have. Folded into the state once the watermark passes it.
    pendingChanges.add(change);
    ctx.timerService().registerEventTimeTimer(change.eventTimeMillis);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<PatientVitals> out) throws Exception {
    Monitoring m = fold(current(), timestamp);
    monitoring.update(m);
    if (m.silenceCheckMillis != timestamp || m.lastPublishedMillis >= timestamp) {
      return; // a change's time, or a window came in time and its record set the next check
    }
    if (timestamp - m.lastWindowMillis > MAX_SILENCE_MILLIS) {
      if (!pendingChanges.get().iterator().hasNext()) {
        monitoring.clear(); // the monitor has gone quiet; readers mark the vitals stale
      }
      return;
    }
    String[] why = ongoing(m);
    if (why == null) {
      why = new String[] {TOO_FEW_BEATS, String.format(java.util.Locale.ROOT, "no QRS in %.0f s", rateWindowMillis / 1000.0)};
    }
    publish(m, PatientVitals.newBuilder()
        .setPatientId(ctx.getCurrentKey())
        .setBedId(m.bedId)
        .setMeasuredAtMillis(timestamp)
        .setSpanMillis(rateWindowMillis)
        .setBeats(0)
        .setHeartRateValid(false)
        .setInvalidReason(why[0])
        .setInvalidDetail(why[1])
        .setSource(SOURCE)
        .build(), ctx, out);
  }

  private void publish(Monitoring m, PatientVitals vitals, Context ctx, Collector<PatientVitals> out) throws Exception {
    out.collect(vitals);
    m.lastPublishedMillis = Math.max(m.lastPublishedMillis, vitals.getMeasuredAtMillis());
    // The next window ends one slide later; if it does not come (no beat in it), the timer speaks.
    m.silenceCheckMillis = vitals.getMeasuredAtMillis() + slideMillis;
    monitoring.update(m);
    ctx.timerService().registerEventTimeTimer(m.silenceCheckMillis);
  }

  /** {@code m} with the pending changes before {@code endMillis} applied (a copy; state unchanged). */
  private Monitoring asOf(Monitoring m, long endMillis) throws Exception {
    Monitoring at = new Monitoring();
    at.asystole = m.asystole;
    at.fibrillation = m.fibrillation;
    at.signalLost = m.signalLost;
    at.noise = m.noise;
    for (RhythmChange c : sortedPending()) {
      if (c.eventTimeMillis < endMillis) {
        apply(at, c);
      }
    }
    return at;
  }

  /** Applies the pending changes the watermark has passed ({@code <= watermarkMillis}) to {@code m} for good. */
  private Monitoring fold(Monitoring m, long watermarkMillis) throws Exception {
    List<RhythmChange> later = new ArrayList<>();
    for (RhythmChange c : sortedPending()) {
      if (c.eventTimeMillis <= watermarkMillis) {
        apply(m, c);
        if (c.bedId != null) {
          m.bedId = c.bedId;
        }
      } else {
        later.add(c);
      }
    }
    pendingChanges.update(later);
    return m;
  }

  private List<RhythmChange> sortedPending() throws Exception {
    List<RhythmChange> all = new ArrayList<>();
    pendingChanges.get().forEach(all::add);
    all.sort(Comparator.comparingLong(c -> c.eventTimeMillis));
    return all;
  }

  private static void apply(Monitoring m, RhythmChange c) {
    String detail = c.started ? c.detail : null;
    switch (c.condition) {
      case RhythmChange.ASYSTOLE -> m.asystole = detail;
      case RhythmChange.VENTRICULAR_FIBRILLATION -> m.fibrillation = detail;
      case RhythmChange.NOISE -> m.noise = detail;
      default -> m.signalLost = detail;
    }
  }

  private Monitoring current() throws Exception {
    Monitoring m = monitoring.value();
    return m == null ? new Monitoring() : m;
  }

  /** The condition that makes a rate meaningless, most severe first, as {reason, detail}; null for none. */
  private static String[] ongoing(Monitoring m) {
    if (m.asystole != null) {
      return new String[] {ASYSTOLE, m.asystole};
    }
    if (m.fibrillation != null) {
      return new String[] {VENTRICULAR_FIBRILLATION, m.fibrillation};
    }
    if (m.signalLost != null) {
      return new String[] {SIGNAL_LOST, m.signalLost};
    }
    if (m.noise != null) {
      return new String[] {NOISE, m.noise};
    }
    return null;
  }
}
