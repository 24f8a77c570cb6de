package org.ecgstream.flink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.AvroSafety;

/** Settings and runs every job test uses. */
public final class TestJobs {

  static {
    // env.fromData serialises Avro frames with Flink's Avro serializer before any job class loads.
    AvroSafety.install();
  }

  private TestJobs() {}

  /**
   * Runs {@code frames} (bound to patients) through the alarm job's data flow on the MiniCluster,
   * bounded, and returns every alarm state change in event-time order.
   */
  public static List<Alarm> alarmsFor(List<EcgFrame> frames, int parallelism, AlarmJobConfig config) throws Exception {
    return alarmsFor(frames, List.of(), parallelism, config);
  }

  /** As above, with acknowledgements arriving at their {@code acknowledgedAtMillis}. */
  public static List<Alarm> alarmsFor(List<EcgFrame> frames, List<AlarmAck> acks, int parallelism, AlarmJobConfig config)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(failFast());
    env.setParallelism(parallelism);
    var stream = env.fromData(frames, TypeInformation.of(EcgFrame.class))
        .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1)));
    DataStream<AlarmAck> ackStream = acks.isEmpty()
        ? EventTime.nothingFollowing(stream, AlarmAck.class)
        : env.fromData(acks, TypeInformation.of(AlarmAck.class))
            .assignTimestampsAndWatermarks(WatermarkStrategy.<AlarmAck>forMonotonousTimestamps()
                .withTimestampAssigner((ack, ts) -> ack.getAcknowledgedAtMillis()));
    List<Alarm> out = new ArrayList<>();
    EcgAlarmJob.alarms(stream, ackStream, config).executeAndCollect().forEachRemaining(out::add);
    out.sort(Comparator.comparingLong(Alarm::getEventTimeMillis));
    return out;
  }

  /** A MiniCluster with one task manager of two slots, enough for parallelism 2. */
  public static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(2)
        .build());
  }

  /** No restarts: a failing job fails the test at once instead of restarting forever. */
  public static Configuration failFast() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }
}
