package org.ecgstream.local.scoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.scenario.WardScenario;

/**
 * Runs a scenario's beds through the alarm job's real data flow ({@link EcgAlarmJob#alarms}: rhythm
 * analysis, detectors, rate limits with the admissions' own limits, the alarm state machine) on a
 * local MiniCluster, as fast as it can, and returns every alarm state change. No broker: the
 * frames come from a bounded generator, as ingest would emit them.
 */
public final class ScenarioRun {

  private ScenarioRun() {}

  /** Device time of the scenario's first sample (any fixed epoch; the scores use offsets). */
  public static final long START_MILLIS = 1_800_000_000_000L;

  public static List<Alarm> alarms(Path scenarioFile, WardScenario scenario, AlarmJobConfig config, int parallelism,
      long seed) throws Exception {
    AvroSafety.install();
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
    DataGeneratorSource<EcgFrame> source = new DataGeneratorSource<>(new ScenarioFrames(scenarioFile, START_MILLIS, seed),
        ScenarioFrames.count(scenario), TypeInformation.of(EcgFrame.class));
    DataStream<EcgFrame> frames = env
        .fromSource(source, EventTime.framesWithBoundedDelay(config.outOfOrderness()), "scenario-frames")
        .setParallelism(1);
    // Nobody acknowledges in a scored run: an empty stream whose watermark follows the frames'.
    DataStream<AlarmAck> acks = EventTime.nothingFollowing(frames, AlarmAck.class);
    List<Admission> admissions = new ArrayList<>();
    for (BedScript bed : scenario.beds()) {
      admissions.add(new SimulatedBed(bed, StandardLeads.TWELVE, scenario.sampleRateHz(), ScenarioFrames.FRAME_MILLIS,
          START_MILLIS, 0).admission());
    }
    DataStream<Admission> admissionStream = env.fromData(admissions, TypeInformation.of(Admission.class))
        .assignTimestampsAndWatermarks(EventTime.neverHoldingBack((a, ts) -> a.getEffectiveFromMillis()));
    InProcessSink<Alarm> sink = new InProcessSink<>();
    EcgAlarmJob.alarms(frames, acks, null, admissionStream, config).sinkTo(sink).name("scored-alarms");
    env.execute("score-alarms");
    List<Alarm> out = new ArrayList<>(sink.drain());
    out.sort(java.util.Comparator.comparingLong(Alarm::getEventTimeMillis));
    return out;
  }

  /** The job's defaults for a scored run: checkpoints do not matter without a sink. */
  public static AlarmJobConfig config() {
    return AlarmJobConfig.defaults("unused:9092").on("unused:9092", "score-alarms", Duration.ofMinutes(10));
  }
}
