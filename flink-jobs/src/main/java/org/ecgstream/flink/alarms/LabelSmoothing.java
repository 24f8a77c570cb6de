package org.ecgstream.flink.alarms;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Per patient, turns a model's window labels into ADVISORY alarm conditions, one per advisory label
 * that the manifest of the version which labelled the window declares ({@link LabelAdvisories},
 * resolved live by {@link AdvisoryDeclarations}; for example atrial fibrillation, ST change):
 * RAISED when the label's smoothed score ({@link LabelTrend}) stays at or above its threshold,
 * CLEARED when it drops. MEDIUM or LOW priority as the manifest says, never HIGH; the source names
 * the model and version. Its output is one more input of the alarm state machine, beside the DSP
 * detectors: it never waits for them and they never wait for it. Its second input is the
 * registry's records ({@code ecg.models}, broadcast), from which it learns each version's manifest.
 *
 * <p>When a hot-swapped version declares what another did not, the label's keyed state is created
 * with its first window. When the version of a window no longer declares an advisory that is active
 * for the patient (or declares it as another kind or priority), that advisory is CLEARED with the
 * reason in its evidence ({@code endedBecause}), never left dangling; a label no longer declared also
 * loses its smoothing state. A label that keeps its declaration keeps its smoothed score across
 * versions. Labels of shadow versions never reach here in the job ({@code ShadowLabels}) and are
 * ignored if they do: a shadow version never raises an advisory.
 *
 * <p>The score is the label's calibrated probability (one-vs-rest, calibrated by the trainer on
 * held-out labelled recordings), so a threshold of 0.5 reads as "more likely than not". Each label
 * keeps its own keyed state ("label-trend-" + label, as the AF-only version named it, so the AF
 * state of savepoints taken before keeps its name), and {@value #TRACKED_STATE} names the labels
 * that have one for the patient, so an advisory a later version drops is found again.
 */
public class LabelSmoothing extends KeyedBroadcastProcessFunction<String, EcgLabel, ModelVersion, Alarm> {

  public static final String ATRIAL_FIBRILLATION_MODEL = LabelAdvisory.ATRIAL_FIBRILLATION.kind();

  /** Keyed map state: label to true for every label with a trend state for the patient. */
  static final String TRACKED_STATE = "label-trends-tracked";

  private final AdvisoryDeclarations declarations;
  private transient Map<String, ValueState<LabelTrend>> trends;
  private transient MapState<String, Boolean> tracked;

  public LabelSmoothing(AdvisoryDeclarations declarations) {
    this.declarations = declarations;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    declarations.open(getRuntimeContext().getMetricGroup());
    trends = new HashMap<>();
    tracked = getRuntimeContext().getMapState(new MapStateDescriptor<>(TRACKED_STATE, String.class, Boolean.class));
  }

  @Override
  public void processBroadcastElement(ModelVersion record, Context ctx, Collector<Alarm> out) throws Exception {
    declarations.remember(record, ctx.getBroadcastState(AdvisoryDeclarations.VERSIONS));
  }

  @Override
  public void processElement(EcgLabel label, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
    if (ModelStage.SHADOW.wireName().equals(label.getModelStage())) {
      return;
    }
    LabelAdvisories declared = declarations.of(label, ctx.getBroadcastState(AdvisoryDeclarations.VERSIONS));
    endWhatIsNoLongerDeclared(label, declared, out);
    for (LabelAdvisories.Advisory advisory : declared.advisories()) {
      LabelTrend.Settings settings = advisory.settings();
      double score = probability(label, settings.label());
      if (Double.isNaN(score)) {
        continue;
      }
      ValueState<LabelTrend> state = trend(settings.label());
      LabelTrend t = state.value();
      if (t == null) {
        t = new LabelTrend();
        tracked.put(settings.label(), true);
      }
      LabelTrend.Change change = t.update(score, label.getWindowStartMillis(), label.getWindowEndMillis(), settings);
      if (change == LabelTrend.Change.STARTED) {
        t.raisedKind = advisory.kind();
        t.raisedPriority = advisory.priority().name();
      } else if (change == LabelTrend.Change.ENDED) {
        t.raisedKind = null;
        t.raisedPriority = null;
      }
      state.update(t);
      if (change != LabelTrend.Change.NONE) {
        out.collect(alarm(label, advisory, t, change == LabelTrend.Change.STARTED ? AlarmState.RAISED : AlarmState.CLEARED));
      }
    }
  }

  /**
   * Ends the patient's active advisories that {@code declared} (the declaration of the version of
   * {@code label}) no longer declares, or declares as another kind or priority, and forgets the
   * trends of labels it no longer declares.
   */
  private void endWhatIsNoLongerDeclared(EcgLabel label, LabelAdvisories declared, Collector<Alarm> out)
      throws Exception {
    Set<String> labels = new TreeSet<>();
    for (String l : tracked.keys()) {
      labels.add(l);
    }
    // State from before the tracked index: trends of what the first bundle declares (or the AF-only
    // job declared), untracked.
    labels.addAll(declarations.first().advisoryLabels());
    labels.add(LabelAdvisories.AF_LABEL);
    String model = label.getModelName() + "@" + label.getModelVersion();
    for (String name : labels) {
      ValueState<LabelTrend> state = trend(name);
      LabelTrend t = state.value();
      if (t == null) {
        continue;
      }
      LabelAdvisories.Advisory now = declared.advisory(name);
      LabelAdvisories.Advisory raised = t.active ? raisedAs(name, t, now) : null;
      if (now == null) {
        if (raised != null) {
          out.collect(ended(label, raised, t, "model " + model + " declares no advisory for " + name));
        }
        state.clear();
        tracked.remove(name);
      } else if (raised != null && (!raised.kind().equals(now.kind()) || raised.priority() != now.priority())) {
        out.collect(ended(label, raised, t, "model " + model + " declares " + name + " as " + now.kind() + " "
            + now.priority()));
        // The smoothed score stays: the next window raises the new declaration if it still holds.
        t.active = false;
        t.raisedKind = null;
        t.raisedPriority = null;
        state.update(t);
      }
    }
  }

  /** The advisory an active trend was raised as; for state from before that was kept, as now declared or as the job's first bundle declared it. */
  private LabelAdvisories.Advisory raisedAs(String name, LabelTrend t, LabelAdvisories.Advisory now) {
    LabelAdvisories.Advisory before = now != null ? now : declarations.first().advisory(name);
    if (before == null && name.equals(LabelAdvisories.AF_LABEL)) {
      before = LabelAdvisories.LEGACY_AF;
    }
    if (t.raisedKind == null) {
      return before;
    }
    LabelTrend.Settings settings = before != null ? before.settings() : new LabelTrend.Settings(name, 1, 0.5, 1);
    return new LabelAdvisories.Advisory(t.raisedKind, AlarmPriority.valueOf(t.raisedPriority), settings);
  }

  private ValueState<LabelTrend> trend(String label) {
    // Created on first use: a label a hot-swapped version adds gets its state with its first window.
    return trends.computeIfAbsent(label, l -> getRuntimeContext().getState(
        new ValueStateDescriptor<>("label-trend-" + l, LabelTrend.class)));
  }

  /** {@code label}'s calibrated probability in the window; NaN when the window does not score it. */
  public static double probability(EcgLabel window, String label) {
    for (LabelScore s : window.getScores()) {
      if (s.getLabel().equals(label)) {
        return s.getScore();
      }
    }
    return Double.NaN;
  }

  private static Alarm alarm(EcgLabel label, LabelAdvisories.Advisory advisory, LabelTrend t, AlarmState state) {
    LabelTrend.Settings settings = advisory.settings();
    String model = label.getModelName() + "@" + label.getModelVersion();
    String value = String.format(Locale.ROOT, "%.2f", t.smoothed);
    String readable = settings.label().replace('_', ' ');
    String message = state == AlarmState.RAISED
        ? readable + " suggested by model " + model + ": smoothed score " + value + " over " + settings.windowsToRaise()
            + " windows (advisory; DSP detectors decide life-threatening alarms)"
        : readable + " no longer suggested by model " + model + ": smoothed score " + value;
    return advisoryAlarm(label, advisory, t, state, message, settings.threshold(), null);
  }


  /** The CLEARED change of an active advisory that the version of {@code label} no longer declares as it was raised. */
  private static Alarm ended(EcgLabel label, LabelAdvisories.Advisory raised, LabelTrend t, String reason) {
    String message = raised.settings().label().replace('_', ' ') + " advisory ended: " + reason;
    return advisoryAlarm(label, raised, t, AlarmState.CLEARED, message, null, reason);
  }

  /** The alarm record of an advisory's change; {@code endedBecause} (or null) goes into the evidence. */
  private static Alarm advisoryAlarm(EcgLabel label, LabelAdvisories.Advisory advisory, LabelTrend t, AlarmState state,
      String message, Double limit, String endedBecause) {
    String model = label.getModelName() + "@" + label.getModelVersion();
    Map<String, String> evidence = new java.util.LinkedHashMap<>();
    evidence.put("model", label.getModelName());
    evidence.put("modelVersion", label.getModelVersion());
    evidence.put("modelStage", label.getModelStage());
    evidence.put("label", advisory.settings().label());
    evidence.put("smoothedScore", String.format(Locale.ROOT, "%.2f", t.smoothed));
    if (endedBecause != null) {
      evidence.put("endedBecause", endedBecause);
    }
    evidence.put("windowEndMillis", Long.toString(label.getWindowEndMillis()));
    return Alarm.newBuilder()
        .setAlarmId(label.getPatientId() + ":" + advisory.kind() + ":" + t.onsetMillis)
        .setStateSeq(state == AlarmState.RAISED ? 0 : 1)
        .setPatientId(label.getPatientId())
        .setBedId(label.getBedId())
        .setKind(advisory.kind())
        .setCategory(AlarmCategory.ADVISORY)
        .setPriority(advisory.priority())
        .setState(state)
        .setOnsetTimeMillis(t.onsetMillis)
        .setEventTimeMillis(label.getWindowEndMillis())
        .setValue(t.smoothed)
        .setLimit(limit)
        .setSource("model:" + model)
        .setMessage(message)
        .setEvidence(evidence)
        .build();
  }

}
