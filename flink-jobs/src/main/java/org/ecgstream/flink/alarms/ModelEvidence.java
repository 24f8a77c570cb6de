package org.ecgstream.flink.alarms;

import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * A model's window label as evidence for the detector alarm of the same condition, as the
 * manifest of the version that labelled the window declares ({@code evidence}, resolved live by
 * {@link AdvisoryDeclarations}; its second input is the registry's records, broadcast): for example
 * the AF label's calibrated probability for ATRIAL_FIBRILLATION, the ST-change label's for
 * ST_DEVIATION. The alarm state machine adds it to that alarm's evidence ("model.st_change": "0.62",
 * "model": "cmelt-tiny@0.2.0"); it is never an alarm of its own (state UPDATED, category ADVISORY,
 * recognised by {@link #isEvidence}) and never raises, delays, clears or suppresses one. Production
 * labels only: neither shadow nor canary versions give evidence.
 */
public class ModelEvidence extends BroadcastProcessFunction<EcgLabel, ModelVersion, Alarm> {

  public static final String SOURCE_PREFIX = "model-evidence:";

  private final AdvisoryDeclarations declarations;

  public ModelEvidence(AdvisoryDeclarations declarations) {
    this.declarations = declarations;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    declarations.open(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processBroadcastElement(ModelVersion record, Context ctx, Collector<Alarm> out) throws Exception {
    declarations.remember(record, ctx.getBroadcastState(AdvisoryDeclarations.VERSIONS));
  }

  @Override
  public void processElement(EcgLabel label, ReadOnlyContext ctx, Collector<Alarm> out) throws Exception {
    if (!ModelStage.PRODUCTION.wireName().equals(label.getModelStage())) {
      return;
    }
    evidence(label, declarations.of(label, ctx.getBroadcastState(AdvisoryDeclarations.VERSIONS)).evidence(), out);
  }

  /** The evidence records of {@code label} for each of its labels in {@code supports} (label to detector alarm kind). */
  static void evidence(EcgLabel label, Map<String, String> supports, Collector<Alarm> out) {
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
