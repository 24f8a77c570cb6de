package org.ecgstream.local.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.ingest.IngestConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ecgstream.flink.job.PrometheusReporterSettings;
import org.ecgstream.local.broker.TopicProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing half of the system on one machine, against any Kafka cluster: topics, the ingest
 * app (Kafka Streams) and the alarm job on a Flink MiniCluster. The same classes run on a real
 * cluster; only where they run differs.
 */
public final class LocalPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

  private final IngestApp ingest;
  private final JobClient alarmJob;
  private final Path workDir;

  private LocalPipeline(IngestApp ingest, JobClient alarmJob, Path workDir) {
    this.ingest = ingest;
    this.alarmJob = alarmJob;
    this.workDir = workDir;
  }

  /** Creates the topics, starts ingest and submits the alarm job; returns once both run. */
  public static LocalPipeline start(String bootstrapServers, AlarmJobConfig jobConfig, int flinkParallelism) throws Exception {
    return start(bootstrapServers, jobConfig, flinkParallelism, Map.of());
  }

  /** As {@link #start(String, AlarmJobConfig, int)}, with ingest settings ({@link IngestConfig} keys, Kafka client settings). */
  public static LocalPipeline start(String bootstrapServers, AlarmJobConfig jobConfig, int flinkParallelism,
      Map<String, ?> ingestProperties) throws Exception {
    return start(bootstrapServers, jobConfig, flinkParallelism, ingestProperties, new SimpleMeterRegistry(), null);
  }

  /**
   * As {@link #start(String, AlarmJobConfig, int, Map)}, with ingest's meters on {@code ingestRegistry}
   * and, when {@code flinkMetricsPort} is not null, Flink's Prometheus reporter on that port.
   */
  public static LocalPipeline start(String bootstrapServers, AlarmJobConfig jobConfig, int flinkParallelism,
      Map<String, ?> ingestProperties, MeterRegistry ingestRegistry, Integer flinkMetricsPort) throws Exception {
    TopicProvisioner.ensureTopics(bootstrapServers, EcgTopics.ALL);
    Path workDir = Files.createTempDirectory("ecg-local-");
    IngestApp ingest = new IngestApp(bootstrapServers, workDir.resolve("streams"), ingestProperties, ingestRegistry);
    ingest.start();
    JobClient job;
    try {
      ingest.awaitRunning(Duration.ofSeconds(60));
      Configuration flink = flinkConfig(workDir.resolve("checkpoints"));
      if (flinkMetricsPort != null) {
        PrometheusReporterSettings.enable(flink, flinkMetricsPort);
      }
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flinkParallelism, flink);
      job = EcgAlarmJob.onKafka(jobConfig).start(env, "ecg-alarms");
    } catch (Exception e) {
      ingest.close();
      throw e;
    }
    LOG.info("event=pipeline_started bootstrap={} flinkJob={}", bootstrapServers, job.getJobID());
    return new LocalPipeline(ingest, job, workDir);
  }

  /**
   * MiniCluster settings: a bounded restart strategy, so a broken job fails instead of looping,
   * and checkpoints in files under {@code checkpointDir}. Flink's default keeps them in the job
   * manager's memory, capped at 5 MB: the per-patient signal state of about 50 beds is more, every
   * checkpoint then fails, and the exactly-once alert sink, which commits on checkpoints, never
   * makes an alert visible.
   */
  public static Configuration flinkConfig(Path checkpointDir) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    // Heap snapshots write every patient's state in small pieces; with Flink's 4 KB buffer a second's
    // checkpoint of 200 beds was thousands of file writes (9% of the process's CPU samples).
    conf.set(CheckpointingOptions.FS_WRITE_BUFFER_SIZE, 256 * 1024);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    return conf;
  }

  public IngestApp ingest() {
    return ingest;
  }

  public JobClient alarmJob() {
    return alarmJob;
  }

  @Override
  public void close() {
    try {
      alarmJob.cancel().get();
    } catch (Exception e) {
      LOG.warn("event=flink_cancel_failed cause={}", e.toString());
    }
    ingest.close();
    org.ecgstream.local.WorkDirectories.deleteRecursively(workDir);
  }
}
