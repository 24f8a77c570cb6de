package org.ecgstream.flink.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
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
   * frames' event time, nor push it forward: the stream is always idle for watermarking, so the
   * operators it feeds take their event time from the frames alone. (An input without watermarks
   * would keep their watermark at its minimum forever, and with it every timer downstream; one at
   * the end of time would, the moment the frames pause, fire every timer downstream at once:
   * escalating every open alarm and applying every pending end.)
   */
  public static <T> WatermarkStrategy<T> neverHoldingBack(SerializableTimestampAssigner<T> timestamps) {
    return WatermarkStrategy.<T>forGenerator(context -> new AlwaysIdle<>()).withTimestampAssigner(timestamps);
  }

  private static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
      output.markIdle();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }

  /**
   * A stream of {@code type} that carries no records and whose watermark follows {@code clock}'s:
   * the input an operator needs when nothing comes that way (no acknowledgements, no admissions).
   * Flink's collection source refuses an empty collection, and a source of its own would need its
   * own event time.
   */
  public static <I, T> DataStream<T> nothingFollowing(DataStream<I> clock, Class<T> type) {
    return clock.flatMap(new FlatMapFunction<I, T>() {
      @Override
      public void flatMap(I ignored, Collector<T> none) {}
    }).returns(type).name("no-" + type.getSimpleName());
  }
}
