package org.ecgstream.flink.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.ecgstream.flink.io.AckRecord;
import org.ecgstream.flink.io.FrameRecord;
import org.ecgstream.schemas.EcgFrame;

/** Event time of ECG frames: the device time of their first sample. */
public final class EventTime {

  /** Partitions that stop receiving frames stop holding back the watermark after this. */
  public static final Duration IDLE_AFTER = Duration.ofSeconds(5);

  private EventTime() {}

  public static WatermarkStrategy<EcgFrame> framesWithBoundedDelay(Duration outOfOrderness) {
    return WatermarkStrategy.<EcgFrame>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((frame, previous) -> frame.getDeviceTimeMillis())
        .withIdleness(IDLE_AFTER);
  }

  /** Acknowledgements: event time is when they were given; the ack stream is often idle. */
  public static WatermarkStrategy<AckRecord> acksWithBoundedDelay(Duration outOfOrderness) {
    return WatermarkStrategy.<AckRecord>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((record, kafkaTimestamp) ->
            record.ack != null ? record.ack.getAcknowledgedAtMillis() : Long.MIN_VALUE)
        .withIdleness(IDLE_AFTER);
  }

  /**
   * The same at the Kafka source, so that watermarks are tracked per partition. Dead letters get
   * no event time: a corrupt record must not move the watermark and make good frames late.
   */
  public static WatermarkStrategy<FrameRecord> frameRecordsWithBoundedDelay(Duration outOfOrderness) {
    return WatermarkStrategy.<FrameRecord>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((record, kafkaTimestamp) ->
            record.frame != null ? record.frame.getDeviceTimeMillis() : Long.MIN_VALUE)
        .withIdleness(IDLE_AFTER);
  }

  /**
   * Event time of a control stream (ecg.models, ecg.admissions) that must never hold back the
   * frames' event time: an input without watermarks, or an idle one, would keep its operator's
   * output watermark at its minimum forever, and with it every timer downstream (alarm ends,
   * escalation, label smoothing). Its watermark is always at the end of time.
   */
  public static <T> WatermarkStrategy<T> neverHoldingBack(SerializableTimestampAssigner<T> timestamps) {
    return WatermarkStrategy.<T>forGenerator(context -> new EndOfTime<>()).withTimestampAssigner(timestamps);
  }

  private static final class EndOfTime<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
      output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
  }
}
