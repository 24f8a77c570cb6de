package org.ecgstream.flink.models;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.ecgstream.schemas.ModelVersion;

/**
 * Event time of the registry stream: it never holds back the windows' event time. A broadcast
 * input without watermarks would keep the switch's output watermark at its minimum forever, and
 * with it every timer downstream (escalation, smoothing).
 */
public final class ModelVersionWatermarks implements WatermarkGenerator<ModelVersion> {

  private ModelVersionWatermarks() {}

  /** Timestamps from {@code changedAtMillis}; watermark always at the end of time. */
  public static WatermarkStrategy<ModelVersion> neverHoldingBack() {
    return WatermarkStrategy.<ModelVersion>forGenerator(context -> new ModelVersionWatermarks())
        .withTimestampAssigner((version, previous) -> version.getChangedAtMillis());
  }

  @Override
  public void onEvent(ModelVersion event, long eventTimestamp, WatermarkOutput output) {
    output.emitWatermark(new Watermark(Long.MAX_VALUE));
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    output.emitWatermark(new Watermark(Long.MAX_VALUE));
  }
}
