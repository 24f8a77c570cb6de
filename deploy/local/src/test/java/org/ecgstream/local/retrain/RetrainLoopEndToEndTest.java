package org.ecgstream.local.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.OnnxRuntimeEnvironment;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.archive.ArchiveConfig;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.local.cli.EcgCli;
import org.ecgstream.local.demo.LocalPipeline;
import org.ecgstream.local.registry.ModelRegistryLog;
import org.ecgstream.local.reports.FleetReports;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.ReportPublisher;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.report.BedReports;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.ecgstream.trainer.data.ArchiveDataset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * HEAVY (about two and a half minutes on 2 shared cores: broker, ingest, the alarm job with zero-shot
 * labels and the archive, and two short DJL re-trainings in JVMs of their own). The MLOps loop end to
 * end: two simulated beds stream with their cardiologists' reports; the running alarm job archives
 * both and labels with the production model 0.2.0; ./ecg retrain re-trains from the archive and
 * publishes 0.2.1 as shadow (keeping 0.2.0's st_change evidence, re-calibrated), and refuses a candidate degraded on purpose, naming the metrics that
 * fell; ./ecg models promote takes 0.2.1 through canary to production and the running job's labels
 * carry 0.2.1; ./ecg models rollback brings 0.2.0 back, and so do the labels.
 */
@Tag("heavy")
@Timeout(360)
class RetrainLoopEndToEndTest {

  private static final String MODEL = "cmelt-tiny";
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  /** Two training steps, export with parity and the held-out evaluation of both versions: about 40 s when idle. */
  private static final Duration RETRAIN_DEADLINE = Duration.ofSeconds(180);

  @TempDir Path tmp;

  @Test
  void archivedPairsRetrainACandidatePromotedIntoTheRunningJobAndRolledBack() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      String servers = broker.bootstrapServers();
      TopicProvisioner.ensureTopics(servers, EcgTopics.ALL);
      Path storeDir = tmp.resolve("store");
      DirectoryBundleStore store = new DirectoryBundleStore(storeDir);
      ModelRegistryLog registry = new ModelRegistryLog(servers, EcgTopics.MODELS.name());
      URI v1 = store.put(BundleCopies.defaultBundle(tmp.resolve("v1")));
      ModelVersion published = ModelRegistryEvents.published(store.resolve(v1), v1, "e2e", Instant.now(), "first");
      registry.append(published);
      registry.append(ModelRegistryEvents.staged(published, ModelStage.PRODUCTION, null, "e2e", Instant.now(), "first"));

      Path archive = tmp.resolve("archive");
      AlarmJobConfig job = AlarmJobConfig.defaults(servers).on(servers, "retrain-e2e", Duration.ofMillis(500))
          .withModel(ModelConfig.defaults(Path.of(v1).toString())
              .followingRegistry(EcgTopics.MODELS.name(), storeDir.toString()))
          .withArchive(ArchiveConfig.defaults(archive.toString()));
      long start = System.currentTimeMillis();
      List<BedScript> scripts = List.of(BedScript.steady("dev-a", "patient-a", "bed-a", 72),
          new BedScript("dev-b", "patient-b", "bed-b", List.of(new RateChange(0, 110, Rhythm.ATRIAL_FIBRILLATION))));
      List<SimulatedBed> beds = List.of(
          new SimulatedBed(scripts.get(0), StandardLeads.TWELVE, 500, 250, start, 1),
          new SimulatedBed(scripts.get(1), StandardLeads.TWELVE, 500, 250, start, 2));

      try (LocalPipeline pipeline = LocalPipeline.start(servers, job, 1);
          Labels labels = new Labels(servers)) {
        // 100 s of signal with a report on each bed every 30 s (10 s spans, signed at once).
        BedReports.Settings reportSettings = new BedReports.Settings(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ZERO);
        try (ReportPublisher reports = FleetReports.publisher(servers, 0,
            FleetReports.of(scripts, start, 100_000, reportSettings, 9))) {
          reports.start(start);
          stream(servers, beds, Duration.ofSeconds(100));
          assertThat(reports.awaitAll(30_000)).isTrue();
        }
        await("labels of 0.2.0 for both beds", () -> labels.servedBy("0.2.0", "production").size() == 2, () -> { });
        // Recordings 0-30, 30-60 and 60-90 s of each bed close on the watermark; the reports on them pair.
        await("archived pairs", () -> archivedPairs(archive) >= 6, () -> { });

        // ./ecg retrain in a JVM of its own, as it runs beside a cluster (a CronJob, or a shell here).
        Retrain retrain = retrain(tmp.resolve("retrain.log"), "--archive", archive.toString(), "--from", "production",
            "--bootstrap", servers, "--store", storeDir.toString(),
            "--weights", DefaultBundle.dir().resolveSibling(MODEL + "-weights").toString(),
            "--data", SharedData.folder("ptbxl").getParent().toString(), "--steps", "2", "--base-mix", "0",
            "--simulated", "0", "--max-unpaired", "0", "--windows-per-recording", "3", "--held-out", "30",
            "--tolerance", "0.05", "--work", tmp.resolve("work").toString(), "--git-commit", "0123456789abcdef",
            "--by", "e2e", "--seed", "5");

        assertThat(retrain.exitCode()).as(retrain.output()).isZero();
        assertThat(retrain.output()).contains("retrain: [5/7] re-evaluating and re-calibrating production's labels",
                "retrain: [7/7] gate: passed", "published cmelt-tiny 0.2.1 as shadow")
            .doesNotContain("non-finite gradients");
        assertThat(registry.history()).last().satisfies(v -> {
          assertThat(v.getVersion()).isEqualTo("0.2.1");
          assertThat(v.getStage()).isEqualTo("shadow");
          assertThat(v.getReason()).startsWith("re-trained from 0.2.0 on archive snapshot ");
        });
        ModelBundle candidate = store.resolve(URI.create(registry.history().get(2).getUri()));
        assertThat(candidate.manifest().config()).containsKey("retrained_from");
        // Production's extra labels are carried over with the candidate's own calibration: the ST evidence stays.
        assertThat(candidate.manifest().evidence()).containsEntry("st_change", "ST_DEVIATION");
        assertThat(candidate.manifest().calibration()).containsKeys("st_change", "conduction_block");
        assertThat(candidate.manifest().calibration().get("st_change"))
            .isNotEqualTo(store.resolve(v1).manifest().calibration().get("st_change"));
        assertThat(Files.isDirectory(storeDir.resolve(MODEL).resolve("0.2.1.weights"))).isTrue();

        int records = registry.history().size();
        // A candidate degraded on purpose (learning rate 0.5, thousands of times the continued rate) is
        // refused at the default tolerance: exit 1, the metrics that fell named, nothing published.
        Retrain degraded = retrain(tmp.resolve("degraded.log"), "--archive", archive.toString(), "--from", "production",
            "--bootstrap", servers, "--store", storeDir.toString(),
            "--weights", DefaultBundle.dir().resolveSibling(MODEL + "-weights").toString(),
            "--data", SharedData.folder("ptbxl").getParent().toString(), "--steps", "4", "--learning-rate", "0.5",
            "--base-mix", "0", "--simulated", "0", "--max-unpaired", "0", "--windows-per-recording", "3",
            "--held-out", "30", "--work", tmp.resolve("work").toString(), "--git-commit", "0123456789abcdef",
            "--by", "e2e", "--seed", "5");
        assertThat(degraded.exitCode()).as(degraded.output()).isEqualTo(1);
        assertThat(degraded.output()).doesNotContain("non-finite gradients");
        assertThat(degraded.output()).containsPattern("candidate 0\\.2\\.2 refused by the gate, not published: "
            + "heldout\\.\\w+ [0-9.]+ is below production's [0-9.]+ by more than the tolerance 0\\.0200");
        assertThat(registry.history()).hasSize(records).noneMatch(v -> v.getVersion().equals("0.2.2"));
        assertThat(storeDir.resolve(MODEL).resolve("0.2.2")).doesNotExist();

        assertThat(models("promote", MODEL, "0.2.1", "--to", "production", "--reason", "skip", "--store",
            storeDir.toString(), "--bootstrap", servers)).contains("stages are not skipped");
        assertThat(models("promote", MODEL, "0.2.1", "--to", "canary", "--share", "1", "--reason", "gate passed",
            "--by", "alice", "--store", storeDir.toString(), "--bootstrap", servers)).contains("is now canary");
        assertThat(models("promote", MODEL, "0.2.1", "--to", "production", "--reason", "canary clean", "--by", "bob",
            "--store", storeDir.toString(), "--bootstrap", servers)).contains("is now production");
        await("labels of 0.2.1 in production for both beds",
            () -> labels.servedBy("0.2.1", "production").size() == 2, () -> stream(servers, beds, Duration.ofSeconds(10)));

        assertThat(models("rollback", MODEL, "--reason", "test rollback", "--by", "carol", "--store",
            storeDir.toString(), "--bootstrap", servers)).contains("rolled back to 0.2.0");
        long swappedAt = labels.lastWindowEnd("0.2.1");
        await("labels of 0.2.0 again after the rollback",
            () -> labels.all().stream().filter(l -> l.getWindowEndMillis() > swappedAt
                && l.getModelVersion().equals("0.2.0") && l.getModelStage().equals("production"))
                .map(EcgLabel::getPatientId).distinct().count() == 2,
            () -> stream(servers, beds, Duration.ofSeconds(10)));
        // Once back on 0.2.0, a patient's later windows never carry 0.2.1 in production again.
        for (String patient : List.of("patient-a", "patient-b")) {
          long back = labels.all().stream().filter(l -> l.getPatientId().equals(patient) && l.getWindowEndMillis() > swappedAt
              && l.getModelVersion().equals("0.2.0")).mapToLong(EcgLabel::getWindowEndMillis).min().orElseThrow();
          assertThat(labels.all()).filteredOn(l -> l.getPatientId().equals(patient) && l.getWindowEndMillis() > back
              && l.getModelStage().equals("production")).allMatch(l -> l.getModelVersion().equals("0.2.0"));
        }
      }
    }
  }

  private record Retrain(int exitCode, String output) {}

  private static Retrain retrain(Path log, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g", "-XX:+UseG1GC", "-Dai.djl.offline=true",
        "-cp", launcherClassPath(), EcgCli.class.getName(), "retrain"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // As ./ecg starts java: without it ONNX Runtime's telemetry reads this long command line and overflows the stack.
    builder.environment().put(OnnxRuntimeEnvironment.TELEMETRY_VARIABLE, "1");
    Process process = builder.start();
    if (!process.waitFor(RETRAIN_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("./ecg retrain did not exit within " + RETRAIN_DEADLINE.toSeconds() + " s:\n"
          + Files.readString(log));
    }
    String output = Files.readString(log);
    System.out.print(output);
    return new Retrain(process.exitValue(), output);
  }

  /**
   * The launcher's class path as ./ecg has it (target/classes and the run-time dependencies written
   * by the build to target/runtime-classpath.txt), not this test JVM's, which adds the test jars.
   */
  private static String launcherClassPath() throws java.io.IOException {
    Path file = Path.of("target", "runtime-classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new AssertionError(file.toAbsolutePath() + " is missing (the build's generate-test-resources phase writes it)");
    }
    return Path.of("target", "classes").toAbsolutePath() + java.io.File.pathSeparator + Files.readString(file).trim();
  }

  private static void stream(String servers, List<SimulatedBed> beds, Duration duration) {
    try (FleetPublisher publisher = new FleetPublisher(new FleetPublisher.Settings(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), 0))) {
      publisher.run(beds, duration, Duration.ofMinutes(1), p -> { });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int archivedPairs(Path archive) {
    try {
      return Files.isDirectory(archive.resolve("recordings")) ? ArchiveDataset.open(archive).readAll().counts().pairs() : 0;
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  /** Checks {@code condition} until it holds, running {@code nudge} (more frames) between checks; fails at the deadline. */
  private static void await(String what, BooleanSupplier condition, Runnable nudge) throws InterruptedException {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + DEADLINE.toSeconds() + " s");
      }
      nudge.run();
      Thread.sleep(500);
    }
  }

  private static String models(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "models";
    System.arraycopy(args, 0, full, 1, args.length);
    StringWriter out = new StringWriter();
    CommandLine cli = EcgCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    cli.execute(full);
    return out.toString();
  }

  /** Everything on ecg.labels, read_committed, collected by a background poller. */
  private static final class Labels implements AutoCloseable {
    private final List<EcgLabel> seen = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean closed;

    Labels(String servers) {
      poller = new Thread(() -> {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ConsumerConfig.GROUP_ID_CONFIG, "retrain-e2e-labels",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
          consumer.subscribe(List.of(EcgTopics.LABELS.name()));
          while (!closed) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(EcgSerdes.labels().deserialize(r.value())));
          }
        }
      }, "labels-follower");
      poller.setDaemon(true);
      poller.start();
    }

    List<EcgLabel> all() {
      return List.copyOf(seen);
    }

    /** The patients with a label from {@code version} in {@code stage}. */
    java.util.Set<String> servedBy(String version, String stage) {
      return seen.stream().filter(l -> l.getModelVersion().equals(version) && l.getModelStage().equals(stage))
          .map(EcgLabel::getPatientId).collect(java.util.stream.Collectors.toSet());
    }

    long lastWindowEnd(String version) {
      return seen.stream().filter(l -> l.getModelVersion().equals(version)).mapToLong(EcgLabel::getWindowEndMillis)
          .max().orElseThrow();
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      poller.join(5_000);
    }
  }
}
