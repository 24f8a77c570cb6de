package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.AlarmJobOptions;
import org.ecgstream.local.bench.EndToEndRun;
import org.ecgstream.local.bench.EndToEndRun.Result;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg bench e2e}: how many beds this machine keeps in real time, and how fast alarms arrive. */
@Command(
    name = "e2e",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Beds kept in real time and alarm latency through the whole local pipeline.",
    description = {
      "Starts an embedded Kafka broker (or uses --bootstrap), the ingest app and the alarm job (DSP alarms,",
      "and zero-shot labels with the default model unless --no-model) in this process, and streams --beds",
      "simulated beds (12 leads, 500 Hz, 250 ms frames) in real time for --duration. Every fourth bed of",
      "twelve has one event (asystole, VF or a rate of 150 bpm) at a staggered time.",
      "Reports frames/s, whether real time was kept (publisher on schedule, ingest and alarm job within 5 s",
      "of the newest record, sampled every second), alarm latency p50/p95/p99 from the frame that",
      "completed the alarm's evidence to its arrival at a read_committed consumer, events alarmed, CPU",
      "and heap. --find-max doubles the beds from --beds while real time holds, then bisects.",
      "Progress goes to stderr; the result to stdout as a Markdown table (or JSON with --json).",
      ""
    })
final class BenchE2eCommand implements Callable<Integer> {

  @Option(names = "--beds", defaultValue = "50", description = "Simulated beds (default: ${DEFAULT-VALUE}); with --find-max, the first try.")
  int beds;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "Streaming time per run (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--find-max", description = "Search for the most beds that stay real time.")
  boolean findMax;

  @Option(names = "--no-model", description = "DSP alarms only, no zero-shot labelling.")
  boolean noModel;

  @Option(names = "--model-dir", description = "Model bundle (default: the repository's models/cmelt-tiny).")
  Path modelDir;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "An alarm job setting (keys as in flink-jobs/README.md), e.g. --set ecg.job.checkpoint-interval=500ms; repeatable.")
  java.util.Map<String, String> jobSettings = new java.util.LinkedHashMap<>();

  @Option(names = "--bootstrap", description = "Use this Kafka cluster instead of an embedded broker (one run only; topics must be empty).")
  String bootstrap;

  @Option(names = "--json", description = "Print the results as JSON.")
  boolean json;

  @Option(names = "--verbose", description = "Show the components' own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    if (beds < 1 || duration.toSeconds() < 45) {
      throw new CommandLine.ParameterException(new CommandLine(this), "need --beds >= 1 and --duration >= 45s (events are staggered after 15 s)");
    }
    if (findMax && bootstrap != null) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--find-max starts a fresh embedded broker per run; leave out --bootstrap");
    }
    Path model = noModel ? null : modelDir != null ? modelDir : DemoCommand.defaultModelDir();
    if (!noModel && (model == null || !Files.isDirectory(model))) {
      System.err.println("bench e2e: no model bundle (models/cmelt-tiny); give --model-dir or --no-model");
      return 2;
    }
    List<Result> results = new ArrayList<>();
    if (!findMax) {
      results.add(runOnce(beds, model));
    } else {
      int good = 0;
      int bad = -1;
      int n = beds;
      while (bad < 0) {
        Result r = runOnce(n, model);
        results.add(r);
        if (r.keptRealTime()) {
          good = n;
          n *= 2;
        } else {
          bad = n;
        }
      }
      while (bad - good > Math.max(2, good / 10)) {
        int mid = (good + bad) / 2;
        Result r = runOnce(mid, model);
        results.add(r);
        if (r.keptRealTime()) {
          good = mid;
        } else {
          bad = mid;
        }
      }
      System.err.printf("bench e2e: largest bed count kept in real time: %d (%d did not)%n", good, bad);
    }
    print(results, model);
    return 0;
  }

  private Result runOnce(int n, Path model) throws Exception {
    System.err.printf("bench e2e: %d beds for %s%s ...%n", n, duration, model == null ? " (no model)" : " with " + model);
    EmbeddedKafkaBroker broker = null;
    try {
      String servers = bootstrap;
      if (servers == null) {
        broker = EmbeddedKafkaBroker.onFreePort().start();
        servers = broker.bootstrapServers();
      }
      java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
      settings.put(AlarmJobOptions.BOOTSTRAP_SERVERS.key(), servers);
      if (model != null) {
        settings.put(AlarmJobOptions.MODEL_DIR.key(), model.toString());
      }
      settings.putAll(jobSettings);
      AlarmJobConfig config = AlarmJobOptions.toConfig(settings);
      Result r = EndToEndRun.run(servers, config, n, duration, parallelism, System.err);
      System.err.printf("bench e2e: %d beds: %s, alarm latency p99 %d ms%n", n,
          r.keptRealTime() ? "real time kept" : "NOT real time", r.latencyPercentileMillis(0.99));
      return r;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private void print(List<Result> results, Path model) {
    if (json) {
      StringBuilder out = new StringBuilder("[");
      for (Result r : results) {
        out.append(out.length() > 1 ? "," : "").append(String.format(Locale.ROOT,
            "{\"beds\":%d,\"model\":%s,\"seconds\":%.1f,\"frames\":%d,\"framesPerSecond\":%.1f,\"keptRealTime\":%b,"
                + "\"publisherLagMillis\":%d,\"maxIngestLagSeconds\":%.2f,\"maxJobLagSeconds\":%.2f,\"finalJobLagRecords\":%d,"
                + "\"alarms\":%d,\"latencyP50Millis\":%d,\"latencyP95Millis\":%d,\"latencyP99Millis\":%d,"
                + "\"eventsScripted\":%d,\"eventsAlarmed\":%d,\"meanCpuLoad\":%.3f,\"maxCpuLoad\":%.3f,\"maxHeapMiB\":%d,\"processors\":%d}",
            r.beds(), model == null ? "null" : "\"" + model + "\"", r.durationSeconds(), r.framesSent(), r.framesPerSecond(),
            r.keptRealTime(), r.publisherLagMillis(), r.maxIngestLagSeconds(), r.maxJobLagSeconds(), r.finalJobLagRecords(),
            r.alarmLatenciesMillis().size(), r.latencyPercentileMillis(0.5), r.latencyPercentileMillis(0.95),
            r.latencyPercentileMillis(0.99), r.eventsScripted(), r.eventsAlarmed(), r.meanCpuLoad(), r.maxCpuLoad(),
            r.maxHeapBytes() >> 20, r.processors()));
      }
      System.out.println(out.append("]"));
      return;
    }
    System.out.printf("model: %s; %d processors; 12 leads at 500 Hz per bed, 250 ms frames; job settings %s%n%n",
        model == null ? "none (DSP alarms only)" : model, Runtime.getRuntime().availableProcessors(),
        jobSettings.isEmpty() ? "default" : jobSettings);
    System.out.println("| beds | frames/s | real time | max lag ingest / job | alarms | latency p50 / p95 / p99 | events alarmed | CPU mean / max | heap max |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "| %d | %.0f | %s | %.1f s / %.1f s | %d | %d / %d / %d ms | %d of %d | %.0f%% / %.0f%% | %d MiB |%n",
          r.beds(), r.framesPerSecond(), r.keptRealTime() ? "yes" : "**no**", r.maxIngestLagSeconds(), r.maxJobLagSeconds(),
          r.alarmLatenciesMillis().size(), r.latencyPercentileMillis(0.5), r.latencyPercentileMillis(0.95),
          r.latencyPercentileMillis(0.99), r.eventsAlarmed(), r.eventsScripted(), 100 * r.meanCpuLoad(), 100 * r.maxCpuLoad(),
          r.maxHeapBytes() >> 20);
    }
    // Which alarms set the tail: rate alarms wait for their event-time window to close, rhythm alarms do not.
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "%n%d beds, latency by alarm kind (raised): %s%n", r.beds(), String.join("; ",
          r.latenciesByKindMillis().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %d, p50 %d ms, p99 %d ms",
              e.getKey(), e.getValue().size(), Result.percentile(e.getValue(), 0.5), Result.percentile(e.getValue(), 0.99)))
              .toList()));
    }
  }
}
