package org.ecgstream.local.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.local.demo.LocalPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

  @Option(names = "--verbose", description = "Show Flink's and Kafka's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    AlarmJobConfig config = AlarmJobConfig.defaults(bootstrap).withLimits(heartRateLimits.limits());
    if (modelDir != null) {
      config = config.withModel(ModelConfig.defaults(modelDir).onDevice(device)
          .withBatching(maxBatch, Duration.ofMillis(maxWaitMillis)));
      if (modelsTopic != null) {
        config = config.withModel(config.model().followingRegistry(modelsTopic, store));
      }
    } else if (modelsTopic != null) {
      System.err.println("alarms: --models-topic needs --model-dir (the first production version, which shapes the windows)");
      return 2;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, LocalPipeline.flinkConfig());
    JobClient job = EcgAlarmJob.onKafka(config).start(env, "ecg-alarms");
    System.out.println("alarms: job " + job.getJobID() + " running against " + bootstrap + "; Ctrl-C to stop");
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
}
