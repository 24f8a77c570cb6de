package org.ecgstream.flink.models;

import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.schemas.EcgLabel;

/** Sends labels of shadow versions to the {@link #SHADOW} side output; serving labels continue. */
public class ShadowLabels extends ProcessFunction<EcgLabel, EcgLabel> {

  /** Labels from shadow versions: their own sink, never the advisories. */
  public static final OutputTag<EcgLabel> SHADOW = new OutputTag<>("shadow-labels") {};

  @Override
  public void processElement(EcgLabel label, Context ctx, Collector<EcgLabel> out) {
    if (ModelStage.SHADOW.wireName().equals(label.getModelStage())) {
      ctx.output(SHADOW, label);
    } else {
      out.collect(label);
    }
  }
}
