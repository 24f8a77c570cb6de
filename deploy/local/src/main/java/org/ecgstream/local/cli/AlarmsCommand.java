package org.ecgstream.local.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.configuration.Configuration;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.AlarmJobLauncher;
import org.ecgstream.flink.job.PrometheusReporterSettings;
import org.ecgstream.flink.job.AlarmJobOptions;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.local.demo.LocalPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./ecg alarms}: the alarm job on a local Flink MiniCluster against a Kafka cluster. */
@Command(
    name = "alarms",
    mixinStandardHelpOptions = true,
    header = "Run the alarm job (Flink MiniCluster in this process) against a Kafka cluster.",
    description = {
      "Reads ecg.frames and ecg.acks, writes alarm state changes to ecg.alerts (exactly once) and",
      "unreadable records to ecg.dlq. The same job runs on a Flink cluster; this command is for one",
      "machine. With --model-dir, also labels 10 s windows every 5 s zero-shot with that C-MELT",
      "bundle (ONNX Runtime), writes them to ecg.labels (exactly once) and raises LOW advisory",
      "alarms for atrial fibrillation; the DSP alarms are the same with or without it.",
      "With --archive, also archives every patient's signal as 30 s recordings and the reports",
      "from ecg.reports as Avro files by day (exactly once, visible at each checkpoint).",
      "Runs until Ctrl-C."
    })
final class AlarmsCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT.")
  String bootstrap;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Mixin HeartRateLimitOptions heartRateLimits;

  @Option(names = "--model-dir", description = "Model bundle directory, e.g. models/cmelt-tiny; without it no labels.")
  String modelDir;

  @Option(names = "--device", defaultValue = "cpu",
      description = "Where the model runs: cpu, cuda or cuda:N; CUDA falls back to CPU with one warning (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--max-batch", defaultValue = "32", description = "Most windows per ONNX Runtime call (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(names = "--max-wait-ms", defaultValue = "20",
      description = "Longest a window waits for its batch to fill, in ms (default: ${DEFAULT-VALUE}).")
  int maxWaitMillis;

  @Option(names = "--models-topic",
      description = "Follow this registry topic (e.g. ecg.models) and hot-swap model versions; needs --model-dir as the first production version.")
  String modelsTopic;

  @Option(names = "--store", description = "Bundle store directory the registry's file: URIs point into (as ./ecg models --store).")
  String store;

  @Option(names = "--archive", paramLabel = "DIR|URI",
      description = "Archive recordings and reports (Avro, by UTC day) under this directory or Flink filesystem URI; without it no archive.")
  String archive;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve every Flink metric (alarm state changes by kind and priority, inference latency and batch sizes, "
          + "checkpoints, model versions) for Prometheus on http://0.0.0.0:PORT/metrics (Flink's Prometheus reporter); default: none.")
  Integer metricsPort;

  @Option(names = "--verbose", description = "Show Flink's and Kafka's own log lines.")
  boolean verbose;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Job settings file (flat 'key: value' lines, keys as in flink-jobs/README.md, e.g. "
          + "ecg.alarms.heart-rate.high-bpm: 130); flags given on the command line override it.")
  Path configFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    Map<String, String> settings = new LinkedHashMap<>();
    if (configFile != null) {
      settings.putAll(AlarmJobLauncher.readFile(configFile));
    }
    settings.put(AlarmJobOptions.BOOTSTRAP_SERVERS.key(), bootstrap);
    given("--hr-extreme-low", AlarmJobOptions.HR_EXTREME_LOW, heartRateLimits.extremeLow, settings);
    given("--hr-low", AlarmJobOptions.HR_LOW, heartRateLimits.low, settings);
    given("--hr-high", AlarmJobOptions.HR_HIGH, heartRateLimits.high, settings);
    given("--hr-extreme-high", AlarmJobOptions.HR_EXTREME_HIGH, heartRateLimits.extremeHigh, settings);
    given("--model-dir", AlarmJobOptions.MODEL_DIR, modelDir, settings);
    given("--device", AlarmJobOptions.MODEL_DEVICE, device, settings);
    given("--max-batch", AlarmJobOptions.MODEL_MAX_BATCH, maxBatch, settings);
    given("--max-wait-ms", AlarmJobOptions.MODEL_MAX_WAIT, maxWaitMillis + " ms", settings);
    given("--models-topic", AlarmJobOptions.MODELS_TOPIC, modelsTopic, settings);
    given("--store", AlarmJobOptions.STORE_DIR, store, settings);
    given("--archive", AlarmJobOptions.ARCHIVE_BASE, archive, settings);
    AlarmJobConfig config;
    try {
      config = AlarmJobOptions.toConfig(settings);
    } catch (IllegalArgumentException e) {
      System.err.println("alarms: " + e.getMessage());
      return 2;
    }
    if (config.model() == null && settings.containsKey(AlarmJobOptions.MODELS_TOPIC.key())) {
      System.err.println("alarms: --models-topic needs --model-dir (the first production version, which shapes the windows)");
      return 2;
    }
    Configuration flink = LocalPipeline.flinkConfig(java.nio.file.Files.createTempDirectory("ecg-alarms-checkpoints-"));
    settings.forEach((key, value) -> {
      if (!key.startsWith(AlarmJobOptions.PREFIX)) {
        flink.setString(key, value);
      }
    });
    if (metricsPort != null) {
      try {
        PrometheusReporterSettings.enable(flink, metricsPort);
      } catch (IllegalArgumentException e) {
        System.err.println("alarms: --metrics-port: " + e.getMessage());
        return 2;
      }
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, flink);
    JobClient job = EcgAlarmJob.onKafka(config).start(env, "ecg-alarms");
    System.out.println("alarms: job " + job.getJobID() + " running against " + bootstrap + "; Ctrl-C to stop");
    if (metricsPort != null) {
      System.out.println("alarms: Flink metrics on http://localhost:" + metricsPort + "/metrics");
    }
    if (config.archive() != null) {
      System.out.println("alarms: archiving recordings and reports under " + config.archive().baseUri());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        job.cancel().get();
      } catch (Exception e) {
        System.err.println("alarms: could not cancel the job cleanly: " + e.getMessage());
      }
      stopped.countDown();
    }, "alarms-stop"));
    job.getJobExecutionResult().whenComplete((result, failure) -> {
      if (failure != null) {
        System.err.println("alarms: the job stopped: " + failure.getMessage());
      }
      stopped.countDown();
    });
    stopped.await();
    return 0;
  }

  /** Puts a flag's value under {@code option}'s key when the flag was given on the command line. */
  private void given(String flag, org.apache.flink.configuration.ConfigOption<?> option, Object value,
      Map<String, String> settings) {
    if (spec.commandLine().getParseResult().hasMatchedOption(flag) && value != null) {
      settings.put(option.key(), value.toString());
    }
  }
}
