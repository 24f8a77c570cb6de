package org.ecgstream.flink.alarms;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Per patient, turns a model's window labels into ADVISORY alarm conditions, one per advisory label
 * of the model's manifest ({@link LabelAdvisories}; for example atrial fibrillation, ST change):
 * RAISED when the label's smoothed score ({@link LabelTrend}) stays at or above its threshold,
 * CLEARED when it drops. MEDIUM or LOW priority as the manifest says, never HIGH; the source names
 * the model and version. Its output is one more input of the alarm state machine, beside the DSP
 * detectors: it never waits for them and they never wait for it.
 *
 * <p>The score is the label's calibrated probability (one-vs-rest, calibrated by the trainer on
 * held-out labelled recordings), so a threshold of 0.5 reads as "more likely than not". Each label
 * keeps its own keyed state ("label-trend-" + label, as the AF-only version named it).
 */
public class LabelSmoothing extends KeyedProcessFunction<String, EcgLabel, Alarm> {

  public static final String ATRIAL_FIBRILLATION_MODEL = LabelAdvisory.ATRIAL_FIBRILLATION.kind();

  private final List<LabelAdvisories.Advisory> advisories;
  private transient Map<String, ValueState<LabelTrend>> trends;

  public LabelSmoothing(List<LabelAdvisories.Advisory> advisories) {
    this.advisories = List.copyOf(advisories);
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    trends = new HashMap<>();
    for (LabelAdvisories.Advisory a : advisories) {
      String label = a.settings().label();
      trends.put(label, getRuntimeContext().getState(new ValueStateDescriptor<>("label-trend-" + label, LabelTrend.class)));
    }
  }

  @Override
  public void processElement(EcgLabel label, Context ctx, Collector<Alarm> out) throws Exception {
    for (LabelAdvisories.Advisory advisory : advisories) {
      LabelTrend.Settings settings = advisory.settings();
      double score = probability(label, settings.label());
      if (Double.isNaN(score)) {
        continue;
      }
      ValueState<LabelTrend> state = trends.get(settings.label());
      LabelTrend t = state.value();
      if (t == null) {
        t = new LabelTrend();
      }
      LabelTrend.Change change = t.update(score, label.getWindowStartMillis(), label.getWindowEndMillis(), settings);
      state.update(t);
      if (change != LabelTrend.Change.NONE) {
        out.collect(alarm(label, advisory, t, change == LabelTrend.Change.STARTED ? AlarmState.RAISED : AlarmState.CLEARED));
      }
    }
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
    String kind = advisory.kind();
    String model = label.getModelName() + "@" + label.getModelVersion();
    String value = String.format(Locale.ROOT, "%.2f", t.smoothed);
    String readable = settings.label().replace('_', ' ');
    String message = state == AlarmState.RAISED
        ? readable + " suggested by model " + model + ": smoothed score " + value + " over " + settings.windowsToRaise()
            + " windows (advisory; DSP detectors decide life-threatening alarms)"
        : readable + " no longer suggested by model " + model + ": smoothed score " + value;
    return Alarm.newBuilder()
        .setAlarmId(label.getPatientId() + ":" + kind + ":" + t.onsetMillis)
        .setStateSeq(state == AlarmState.RAISED ? 0 : 1)
        .setPatientId(label.getPatientId())
        .setBedId(label.getBedId())
        .setKind(kind)
        .setCategory(AlarmCategory.ADVISORY)
        .setPriority(advisory.priority())
        .setState(state)
        .setOnsetTimeMillis(t.onsetMillis)
        .setEventTimeMillis(label.getWindowEndMillis())
        .setValue(t.smoothed)
        .setLimit(settings.threshold())
        .setSource("model:" + model)
        .setMessage(message)
        .setEvidence(Map.of(
            "model", label.getModelName(),
            "modelVersion", label.getModelVersion(),
            "modelStage", label.getModelStage(),
            "label", settings.label(),
            "smoothedScore", value,
            "windowEndMillis", Long.toString(label.getWindowEndMillis())))
        .build();
  }
}
