package org.ecgstream.flink.alarms;

import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;

/**
 * A model's window label as evidence for the detector alarm of the same condition, as the
 * manifest's {@code evidence} declares ({@link LabelAdvisories}): for example the AF label's
 * calibrated probability for ATRIAL_FIBRILLATION, the ST-change label's for ST_DEVIATION. The alarm
 * state machine adds it to that alarm's evidence ("model.st_change": "0.62", "model":
 * "cmelt-tiny@0.2.0"); it is never an alarm of its own (state UPDATED, category ADVISORY,
 * recognised by {@link #isEvidence}) and never raises, delays, clears or suppresses one.
 */
public class ModelEvidence implements FlatMapFunction<EcgLabel, Alarm> {

  /** Model label to the detector kind it is evidence for. */
  private final Map<String, String> supports;

  public static final String SOURCE_PREFIX = "model-evidence:";

  /** Evidence of each label of {@code supports} (label to detector alarm kind). */
  public ModelEvidence(Map<String, String> supports) {
    this.supports = Map.copyOf(supports);
  }

  @Override
  public void flatMap(EcgLabel label, Collector<Alarm> out) {
    if (!"production".equals(label.getModelStage())) {
      return;
    }
    for (Map.Entry<String, String> e : supports.entrySet()) {
      double p = LabelSmoothing.probability(label, e.getKey());
      if (Double.isNaN(p)) {
        continue;
      }
      String model = label.getModelName() + "@" + label.getModelVersion();
      out.collect(Alarm.newBuilder()
          .setAlarmId(label.getPatientId() + ":evidence:" + e.getValue())
          .setStateSeq(0)
          .setPatientId(label.getPatientId())
          .setBedId(label.getBedId())
          .setKind(e.getValue())
          .setCategory(AlarmCategory.ADVISORY)
          .setPriority(AlarmPriority.LOW)
          .setState(AlarmState.UPDATED)
          .setOnsetTimeMillis(label.getWindowStartMillis())
          .setEventTimeMillis(label.getWindowEndMillis())
          .setSource(SOURCE_PREFIX + model)
          .setMessage("model evidence")
          .setEvidence(Map.of(
              "model", model,
              "model." + e.getKey(), String.format(Locale.ROOT, "%.2f", p),
              "model.windowEndMillis", Long.toString(label.getWindowEndMillis())))
          .build());
    }
  }

  /** Whether a record on the state machine's condition input is model evidence, not a condition. */
  public static boolean isEvidence(Alarm record) {
    return record.getState() == AlarmState.UPDATED && record.getSource() != null
        && record.getSource().startsWith(SOURCE_PREFIX);
  }
}
