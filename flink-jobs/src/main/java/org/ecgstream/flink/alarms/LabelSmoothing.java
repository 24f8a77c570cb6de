package org.ecgstream.flink.alarms;

import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Per patient, turns a model's window labels into an ADVISORY alarm condition ({@link LabelTrend}):
 * RAISED when the smoothed score of the label (for example atrial fibrillation) stays above the
 * threshold, CLEARED when it drops. LOW priority; the source names the model and version. Its
 * output is one more input of the alarm state machine, beside the DSP detectors: it never waits
 * for them and they never wait for it.
 *
 * <p>The score is the label's calibrated probability (one-vs-rest, calibrated by the trainer on
 * held-out labelled recordings), so the threshold reads as "more likely than not".
 */
public class LabelSmoothing extends KeyedProcessFunction<String, EcgLabel, Alarm> {

  public static final String ATRIAL_FIBRILLATION_MODEL = "ATRIAL_FIBRILLATION_MODEL";

  private final LabelTrend.Settings settings;
  private final String kind;
  private transient ValueState<LabelTrend> trend;

  public LabelSmoothing(LabelTrend.Settings settings, String kind) {
    this.settings = settings;
    this.kind = kind;
  }

  /** Atrial fibrillation, the label of the default bundle, with the given threshold and window count. */
  public static LabelSmoothing atrialFibrillation(double threshold, int windowsToRaise) {
    return new LabelSmoothing(new LabelTrend.Settings("atrial_fibrillation", 0.5, threshold, windowsToRaise),
        ATRIAL_FIBRILLATION_MODEL);
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    trend = getRuntimeContext().getState(new ValueStateDescriptor<>("label-trend-" + settings.label(), LabelTrend.class));
  }

  @Override
  public void processElement(EcgLabel label, Context ctx, Collector<Alarm> out) throws Exception {
    double score = probability(label, settings.label());
    if (Double.isNaN(score)) {
      return;
    }
    LabelTrend t = trend.value();
    if (t == null) {
      t = new LabelTrend();
    }
    LabelTrend.Change change = t.update(score, label.getWindowStartMillis(), label.getWindowEndMillis(), settings);
    trend.update(t);
    if (change != LabelTrend.Change.NONE) {
      out.collect(alarm(label, t, change == LabelTrend.Change.STARTED ? AlarmState.RAISED : AlarmState.CLEARED));
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

  private Alarm alarm(EcgLabel label, LabelTrend t, AlarmState state) {
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
        .setPriority(AlarmPriority.LOW)
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
