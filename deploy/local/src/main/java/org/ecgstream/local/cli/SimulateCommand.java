package org.ecgstream.local.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.demo.DemoBeds;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.fleet.TransportFaults;
import org.ecgstream.simulators.framefile.FrameFileWriter;
import picocli.CommandLine.Command;
import org.ecgstream.simulators.scenario.WardScenario;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.ecgstream.local.reports.FleetReports;
import org.ecgstream.local.reports.ReportOptions;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.simulators.fleet.ReportPublisher;
import org.ecgstream.simulators.report.BedReports;

/** {@code ./ecg simulate}: simulated beds streaming to a Kafka cluster. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    header = "Stream simulated 12-lead beds to a Kafka cluster, or write them to a frame file.",
    description = {
      "Publishes each bed's admission to ecg.admissions, then its frames to ecg.raw, paced to a multiple",
      "of real time, and each frame's ground truth (R peaks with their beat class, scripted events with",
      "onset and offset) to ecg.truth. The beds are the demo's ward (see './ecg demo --help') or a scenario",
      "file's (simulators/scenarios/README.md) with its generator, artifacts and transport faults. Prints",
      "a status line every 10 s: beds, frames, frames/s and how far behind the wall clock it is.",
      "With --reports, a simulated cardiologist also reports on each bed (10 s every --report-every,",
      "written from the bed's script: rhythm, rate, ST shift) to ecg.reports, --report-delay after the span.",
      "With --out FILE instead of --bootstrap it writes the frames to an Avro file (no broker needed), e.g.",
      "  ./ecg simulate --scenario simulators/scenarios/icu-events.json --out icu.avro --truth-file icu-truth.jsonl"
    })
final class SimulateCommand implements Callable<Integer> {

  /** Device time of the first sample in a --out file without --start: fixed, so the file is the same on every run. */
  static final java.time.Instant FILE_START = java.time.Instant.parse("2026-01-01T00:00:00Z");

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers; exactly one of --bootstrap and --out.")
  String bootstrap;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the frames to FILE (Avro container of EcgFrame, read back with simulators' FrameFileReader) instead"
          + " of Kafka, as fast as possible (--speed is ignored), without transport faults; exactly one of --bootstrap and --out."
          + " The same arguments give the same frames: device time starts at --start (default 2026-01-01T00:00:00Z).")
  Path out;

  @Option(names = "--start", paramLabel = "INSTANT",
      description = "Device time of the first sample, e.g. 2026-01-01T08:00:00Z (default: now; with --out 2026-01-01T00:00:00Z).")
  java.time.Instant startTime;

  @Option(names = "--beds", defaultValue = "4", description = "Number of beds (default: ${DEFAULT-VALUE}).")
  int beds;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "Device time to stream, e.g. 60s, 10m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--speed", defaultValue = "1", description = "Multiple of real time; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--sample-rate", defaultValue = "500", description = "Samples per second per lead: 250, 360, 500 or 1000 (default: ${DEFAULT-VALUE}).")
  int sampleRateHz;

  @Option(names = "--generator", defaultValue = "beat-train", paramLabel = "MODEL",
      description = "What draws the demo ward's hearts: beat-train (the model the alarm detectors are tuned on) or twelve-lead"
          + " (one heart vector projected onto the 12 leads); a scenario file sets its own (default: ${DEFAULT-VALUE}).")
  String generator;

  @Option(names = "--truth-topic", defaultValue = "ecg.truth", paramLabel = "TOPIC",
      description = "Topic for each frame's ground truth (EcgTruth, keyed by device id; with --bootstrap only); 'none' publishes none (default: ${DEFAULT-VALUE}).")
  String truthTopic;

  @Option(names = "--truth-file", paramLabel = "FILE",
      description = "Also write each frame's ground truth to FILE, one EcgTruth as JSON per line, in generation order"
          + " (for scoring without Kafka).")
  Path truthFile;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated signals (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--scenario", paramLabel = "FILE",
      description = "Stream a scenario file's beds and timelines (simulators/scenarios/*.json) instead of the demo's ward;"
          + " its duration, beds and sample rate replace --duration, --beds and --sample-rate.")
  Path scenarioFile;

  @Option(names = "--reports",
      description = "Also send cardiologists' reports on the beds to ecg.reports (for the archive and ./ecg retrain).")
  boolean reports;

  @Mixin ReportOptions reportOptions;

  @Override
  public Integer call() throws Exception {
    if ((bootstrap == null) == (out == null)) {
      System.err.println("simulate: give exactly one of --bootstrap HOST:PORT (stream to Kafka) and --out FILE (write a frame file)");
      return 2;
    }
    if (!List.of(250, 360, 500, 1000).contains(sampleRateHz)) {
      System.err.println("simulate: --sample-rate must be 250, 360, 500 or 1000 (250 ms frames need a whole number of samples)");
      return 2;
    }
    SignalModel model;
    try {
      model = SignalModel.parse(generator);
    } catch (IllegalArgumentException e) {
      System.err.println("simulate: --generator: " + e.getMessage());
      return 2;
    }
    List<BedScript> scripts = DemoBeds.ward(beds, duration, seed).stream().map(b -> b.withModel(model)).toList();
    TransportFaults faults = TransportFaults.NONE;
    if (scenarioFile != null) {
      try {
        WardScenario scenario = WardScenario.read(scenarioFile);
        scripts = scenario.beds();
        duration = scenario.duration();
        sampleRateHz = scenario.sampleRateHz();
        faults = scenario.transportFaults();
      } catch (IllegalArgumentException e) {
        System.err.println("simulate: " + e.getMessage());
        return 2;
      }
    }
    long start = startTime != null ? startTime.toEpochMilli()
        : out != null ? FILE_START.toEpochMilli() : System.currentTimeMillis();
    List<SimulatedBed> fleet = new ArrayList<>();
    for (BedScript script : scripts) {
      fleet.add(new SimulatedBed(script, StandardLeads.TWELVE, sampleRateHz, 250, start, seed + fleet.size()));
    }
    if (out != null) {
      return writeFile(fleet, faults);
    }
    FleetPublisher.Settings settings = new FleetPublisher.Settings(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), speed,
        faults, truthTopic.equals("none") ? null : truthTopic);
    BedReports.Settings reportSettings;
    try {
      reportSettings = reportOptions.bedSettings();
    } catch (IllegalArgumentException e) {
      System.err.println("simulate: " + e.getMessage());
      return 2;
    }
    List<EcgReport> toReport = reports
        ? FleetReports.of(scripts, start, duration.toMillis(), reportSettings, seed) : List.of();
    try (FleetPublisher publisher = new FleetPublisher(settings);
        ReportPublisher reportPublisher = FleetReports.publisher(bootstrap, speed, toReport);
        java.io.BufferedWriter truthOut = truthFile == null ? null : java.nio.file.Files.newBufferedWriter(truthFile)) {
      if (truthOut != null) {
        publisher.onTruth(truth -> {
          try {
            truthOut.write(truth.toString()); // Avro's JSON rendering of the record
            truthOut.newLine();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("simulate: cannot write the ground truth to " + truthFile, e);
          }
        });
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        publisher.stop();
        reportPublisher.stop();
      }, "simulate-stop"));
      reportPublisher.start(start);
      long frames = publisher.run(fleet, duration, Duration.ofSeconds(10), p -> System.out.printf(
          "simulate: %d beds, %d frames, %.0f frames/s, %d ms behind the wall clock%n",
          p.beds(), p.frames(), p.framesPerSecond(), p.lagMillis()));
      System.out.println("simulate: done, " + frames + " frames to " + EcgTopics.RAW.name() + " at " + bootstrap);
      if (reports) {
        // The last reports are signed --report-delay after their span: wait for them (on the beds' clock).
        long waitMillis = ReportPublisher.sendingMillis(reportSettings.delay(), speed);
        System.out.printf("simulate: waiting up to %d s for the last reports (signed %s after their span)%n",
            waitMillis / 1000, reportSettings.delay());
        boolean all = reportPublisher.awaitAll(waitMillis);
        System.out.printf("simulate: %d of %d reports to %s%n", reportPublisher.sent(), reportPublisher.total(),
            EcgTopics.REPORTS.name());
        if (!all) {
          return 1;
        }
      }
    }
    return 0;
  }

  /** --out: every bed tick by tick into the frame file, the truth to --truth-file; no pacing, no faults. */
  private int writeFile(List<SimulatedBed> fleet, TransportFaults faults) throws java.io.IOException {
    if (faults.any()) {
      System.out.println("simulate: the scenario's transport faults apply to Kafka only; " + out + " gets every frame once, in order");
    }
    long ticks = duration.toMillis() / fleet.get(0).frameMillis();
    try (FrameFileWriter writer = new FrameFileWriter(out, "ecg simulate --seed " + seed
            + (scenarioFile != null ? " --scenario " + scenarioFile.getFileName() : " --beds " + fleet.size()));
        java.io.BufferedWriter truthOut = truthFile == null ? null : java.nio.file.Files.newBufferedWriter(truthFile)) {
      for (long tick = 0; tick < ticks; tick++) {
        for (SimulatedBed bed : fleet) {
          SimulatedBed.Tick simulated = bed.tick();
          writer.append(simulated.frame());
          if (truthOut != null) {
            truthOut.write(simulated.truth().toString());
            truthOut.newLine();
          }
        }
      }
      System.out.println("simulate: done, " + writer.frames() + " frames of " + fleet.size() + " beds to " + out);
    }
    return 0;
  }
}
