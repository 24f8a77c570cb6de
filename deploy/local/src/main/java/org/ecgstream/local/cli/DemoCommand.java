package org.ecgstream.local.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.flink.archive.ArchiveConfig;
import org.ecgstream.local.demo.LabelSummary;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.demo.AlarmPrinter;
import org.ecgstream.local.demo.DemoBeds;
import org.ecgstream.local.demo.DemoDashboard;
import org.ecgstream.local.demo.DemoMetrics;
import org.ecgstream.local.demo.LocalPipeline;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.ReportPublisher;
import org.ecgstream.simulators.report.BedReports;
import org.ecgstream.local.reports.FleetReports;
import org.ecgstream.local.reports.ReportOptions;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.simulators.fleet.SimulatedBed;
import picocli.CommandLine.Command;
import org.ecgstream.flink.alarms.HeartRateLimits;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./ecg demo}: the whole system on this machine with simulated beds. */
@Command(
    name = "demo",
    header = "Run the whole system on this machine with simulated beds.",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole system on this machine: an embedded Kafka broker (KRaft), the ingest app",
      "(Kafka Streams), the alarm job on a Flink MiniCluster and simulated beds streaming 12-lead ECG.",
      "Prints each alarm state change as it is committed to the alerts topic.",
      "",
      "Beds: bed-01 sinus 72 bpm; bed-02 sinus tachycardia 150 bpm; bed-03 atrial fibrillation from",
      "a third of the run on; bed-04 asystole (up to 15 s) after a third of the run, ventricular",
      "fibrillation from two thirds on; further beds sinus 60-95 bpm.",
      "",
      "A live dashboard serves the ward (http://127.0.0.1:8080/ by default): sign in with the user",
      "and the password made up for this run, printed once below (never logged). Acknowledge an",
      "alarm there; unacknowledged HIGH alarms stay latched and are escalated after 60 s.",
      "The dashboard stops with the demo at the end of --duration."
    })
final class DemoCommand implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--beds", defaultValue = "4", description = "Number of simulated beds (default: ${DEFAULT-VALUE}).")
  int beds;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long the beds stream, e.g. 60s, 5m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--speed", defaultValue = "1", description = "Multiple of real time; 0 streams as fast as possible (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--sample-rate", defaultValue = "500", description = "Samples per second per lead: 250, 360, 500 or 1000 (default: ${DEFAULT-VALUE}).")
  int sampleRateHz;

  @Mixin HeartRateLimitOptions heartRateLimits;

  @Option(names = "--bootstrap", description = "Use this Kafka cluster (HOST:PORT) instead of the embedded broker.")
  String bootstrap;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated signals (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--verbose", description = "Show the components' own log lines.")
  boolean verbose;

  @Option(names = "--model-dir",
      description = "C-MELT model bundle for zero-shot labels (default: the repository's models/cmelt-tiny).")
  Path modelDir;

  @Option(names = "--no-model", description = "Run the signal-processing alarms only, without zero-shot labels.")
  boolean noModel;

  @Option(names = "--device", defaultValue = "cpu",
      description = "Where the model runs: cpu, cuda or cuda:N; CUDA falls back to CPU with one warning (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--dashboard-port", defaultValue = "8080", paramLabel = "N",
      description = "Port of the dashboard on 127.0.0.1; 0 for any free one; a free one is used when N is taken (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(names = "--no-dashboard", description = "Do not start the dashboard.")
  boolean noDashboard;

  @Option(names = "--metrics-port", paramLabel = "N",
      description = "Serve ingest's and the dashboard's metrics (Prometheus, one scrape, each with its service tag) and "
          + "/health/live, /health/ready on 127.0.0.1:N, and Flink's Prometheus reporter on N+1 (default: no metrics endpoint).")
  Integer metricsPort;

  @Option(names = "--archive", paramLabel = "DIR",
      description = "Also archive the beds' signal as 30 s recordings (Avro, by UTC day) under this directory, with the"
          + " simulated cardiologists' reports on the beds (ecg.reports), ready for ./ecg retrain --archive DIR.")
  Path archive;

  @picocli.CommandLine.Mixin ReportOptions reportOptions;

  /** The default bundle beside the launcher ({@code ecg.home} is set by ./ecg), if it is there. */
  static Path defaultModelDir() {
    Path home = Path.of(System.getProperty("ecg.home", "."));
    Path dir = home.resolve("models").resolve("cmelt-tiny");
    return Files.isRegularFile(dir.resolve("manifest.json")) ? dir : null;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    if (dashboardPort < 0 || dashboardPort > 65535) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dashboard-port must be 0-65535");
    }
    if (duration.isNegative() || duration.toMillis() < 1000) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--duration must be at least 1s");
    }
    List<Integer> rates = List.of(250, 360, 500, 1000);
    if (!rates.contains(sampleRateHz)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sample-rate must be one of " + rates);
    }
    if (metricsPort != null && (metricsPort < 1 || metricsPort > 65534)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--metrics-port must be 1-65534 (Flink's reporter takes N+1)");
    }
    BedReports.Settings reportSettings;
    try {
      reportSettings = reportOptions.bedSettings();
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    HeartRateLimits alarmLimits;
    try {
      alarmLimits = heartRateLimits.limits();
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    EmbeddedKafkaBroker broker = null;
    long t0 = System.nanoTime();
    try {
      String servers = bootstrap;
      if (servers == null) {
        say("Starting embedded Kafka broker (KRaft) ...");
        broker = EmbeddedKafkaBroker.onFreePort().start();
        servers = broker.bootstrapServers();
      }
      say("Kafka at " + servers + "; starting ingest (Kafka Streams) and the alarm job (Flink MiniCluster) ...");
      AlarmJobConfig jobConfig = AlarmJobConfig.defaults(servers).withLimits(alarmLimits);
      Path model = noModel ? null : modelDir != null ? modelDir : defaultModelDir();
      if (model != null) {
        jobConfig = jobConfig.withModel(ModelConfig.defaults(model.toString()).onDevice(device));
        say("Zero-shot labels every 5 s with the C-MELT bundle in " + model + " (advisory alarms only).");
      } else if (!noModel) {
        say("No model bundle found (models/cmelt-tiny); signal-processing alarms only.");
      }
      if (archive != null) {
        jobConfig = jobConfig.withArchive(ArchiveConfig.defaults(archive.toAbsolutePath().toString()));
        say("Archiving 30 s recordings and ecg.reports under " + archive.toAbsolutePath()
            + " (files appear at each checkpoint; each bed's last recording stays open until more signal or a restart).");
      }
      try (DemoMetrics metrics = metricsPort == null ? null : DemoMetrics.start(metricsPort, !noDashboard);
          LocalPipeline pipeline = metrics == null
              ? LocalPipeline.start(servers, jobConfig, 2, ingestSettings(speed, duration))
              : LocalPipeline.start(servers, jobConfig, 2, ingestSettings(speed, duration), metrics.ingestRegistry(), metricsPort + 1);
          AlarmPrinter printer = new AlarmPrinter(servers, EcgTopics.ALERTS.name(), System.out);
          DemoDashboard dashboard = noDashboard ? null
              : metrics == null ? DemoDashboard.start(servers, dashboardPort) : DemoDashboard.start(servers, dashboardPort, metrics.dashboardRegistry())) {
        if (metrics != null) {
          metrics.serving(pipeline.ingest());
          if (dashboard != null) {
            metrics.serving(dashboard.dashboard());
          }
          say("Metrics: " + metrics.endpoint().baseUri() + "/metrics (ingest" + (dashboard != null ? ", dashboard" : "")
              + "), /health/ready; Flink's reporter on http://127.0.0.1:" + (metricsPort + 1) + "/metrics");
        }
        if (dashboard != null) {
          if (dashboard.portWasTaken()) {
            say("Port " + dashboardPort + " is taken; the dashboard uses another.");
          }
          // Printed once, to the console only: the password is made up for this run and never logged.
          say("Dashboard: " + dashboard.dashboard().url() + "  user " + DemoDashboard.USER + "  password " + dashboard.password());
        }
        long startMillis = System.currentTimeMillis();
        List<SimulatedBed> fleet = new ArrayList<>();
        for (BedScript script : DemoBeds.ward(beds, duration, seed)) {
          fleet.add(new SimulatedBed(script, StandardLeads.TWELVE, sampleRateHz, 250, startMillis, seed + fleet.size()));
        }
        HeartRateLimits limits = jobConfig.heartRateLimits();
        say(String.format("Streaming %d beds x 12 leads at %d Hz for %s (%s); alarm limits %d-%d bpm (extreme %d/%d). Ready in %.1f s.",
            beds, sampleRateHz, human(duration), speed == 0 ? "as fast as possible" : speed + "x real time",
            limits.lowBpm(), limits.highBpm(), limits.extremeLowBpm(), limits.extremeHighBpm(), (System.nanoTime() - t0) / 1e9));
        say(String.format("%-8s  %-8s %-6s %-24s %-12s %-8s %s", "time", "bed", "prio", "kind", "state", "value", "message"));
        FleetPublisher.Settings settings = new FleetPublisher.Settings(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), speed);
        long frames;
        List<EcgReport> toReport = archive == null ? List.of() : FleetReports.of(DemoBeds.ward(beds, duration, seed),
            startMillis, duration.toMillis(), reportSettings, seed);
        try (FleetPublisher publisher = new FleetPublisher(settings);
            ReportPublisher reports = FleetReports.publisher(servers, speed, toReport)) {
          reports.start(startMillis);
          frames = publisher.run(fleet, duration, Duration.ofSeconds(15), p -> {
            if (verbose) {
              say(String.format("  simulator: %d beds, %d frames, %.0f frames/s, %d ms behind", p.beds(), p.frames(), p.framesPerSecond(), p.lagMillis()));
            }
          });
          if (archive != null) {
            long waitMillis = ReportPublisher.sendingMillis(reportSettings.delay(), speed);
            reports.awaitAll(waitMillis);
            say(String.format("Reports: %d of %d simulated cardiologists' reports sent to %s (each %s after its 10 s).",
                reports.sent(), reports.total(), EcgTopics.REPORTS.name(), human(reportSettings.delay())));
          }
        }
        // Let the last alarm ends pass the watermark and their transaction commit before summing up.
        Thread.sleep(jobConfig.checkpointInterval().toMillis() * 3 + jobConfig.outOfOrderness().toMillis());
        List<Alarm> alarms = printer.alarms();
        long raised = alarms.stream().filter(a -> a.getState() == AlarmState.RAISED).count();
        long cleared = alarms.stream().filter(a -> a.getState() == AlarmState.CLEARED).count();
        say(String.format("Done: %d frames from %d beds; %d alarms raised, %d cleared.", frames, beds, raised, cleared));
        if (model != null) {
          for (LabelSummary.PatientLabels p : LabelSummary.read(servers, EcgTopics.LABELS.name())) {
            StringBuilder scores = new StringBuilder();
            p.meanScores().forEach((label, score) -> scores.append(String.format(" %s %.2f", label, score)));
            say(String.format("  labels %-10s %3d windows by %s, mean:%s", p.patientId(), p.windows(), p.model(), scores));
          }
        }
      }
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * Faster than real time, the simulated device clocks run ahead of the wall clock by up to the
   * run's duration; ingest must neither refuse them as a wrong clock nor flag them as drifting.
   */
  static Map<String, String> ingestSettings(double speed, Duration duration) {
    long ahead = speed == 1 ? 0 : duration.toMillis() + 60_000;
    long allowed = Math.max(Long.parseLong(IngestConfig.MAX_FUTURE.defaultValue()), ahead);
    long drift = Math.max(Long.parseLong(IngestConfig.MAX_CLOCK_DRIFT.defaultValue()), ahead);
    return Map.of(IngestConfig.MAX_FUTURE.name(), Long.toString(allowed),
        IngestConfig.MAX_CLOCK_DRIFT.name(), Long.toString(drift));
  }

  private static String human(Duration d) {
    return d.toSeconds() % 60 == 0 && d.toSeconds() >= 60 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  private static void say(String line) {
    System.out.println(line);
  }
}
