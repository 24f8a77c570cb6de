package org.ecgstream.local.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.local.registry.ModelRegistryLog;
import org.ecgstream.local.retrain.RetrainCycle;
import org.ecgstream.local.retrain.RetrainSchedule;
import org.ecgstream.trainer.retrain.RetrainOptions;
import org.ecgstream.trainer.train.SimulatedPairs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg retrain}: continue pre-training on the archive, gate against production, publish as shadow. */
@Command(
    name = "retrain",
    mixinStandardHelpOptions = true,
    header = "Re-train the production model on the archive, gate it against production, publish it as shadow.",
    description = {
      "Loads the weights of --from (a version on the registry, or 'production'), continues C-MELT",
      "pre-training for --steps on the archive's ECG-report pairs and recordings (--archive, what the",
      "alarm job archives) mixed with the base data set (--base-mix), exports the candidate with the",
      "ONNX parity check, and evaluates candidate and production on the same held-out CinC 2017",
      "recordings (zero-shot and linear-probe AUC, AF and macro). The candidate's manifest gets the",
      "lineage: parent version, sha256 of the archive files read, mix, steps, held-out set, git commit.",
      "It is published (store + ecg.models) as shadow only when every AUC is at least production's",
      "minus --tolerance and parity passed; otherwise the refusal names each failing metric, its value,",
      "production's and the tolerance, and the exit code is 1. Labels production has beyond the rhythm",
      "set (e.g. st_change, conduction_block) are re-evaluated on PTB-XL (DATA/ptbxl) with the candidate",
      "and written with its own calibration, advisory and evidence; a candidate that would lose one",
      "(or cannot evaluate it: no PTB-XL) is refused unless --allow-label-loss. With --every it runs as a daemon.",
      "Promote a shadow with ./ecg models promote (shadow -> canary -> production)."
    })
final class RetrainCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--archive", required = true, paramLabel = "URI",
      description = "The archive's base: a directory or file: URI (what the alarm job's ecg.archive.base names).")
  String archive;

  @Option(names = "--from", required = true, paramLabel = "VERSION",
      description = "Version to continue from, e.g. 0.1.0, or 'production' for the version in production now.")
  String from;

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers of the registry, HOST:PORT.")
  String bootstrap;

  @Option(names = "--name", defaultValue = "cmelt-tiny", description = "Model name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--store", defaultValue = "model-store",
      description = "Bundle store directory, as for ./ecg models (default: ${DEFAULT-VALUE}).")
  Path store;

  @Option(names = "--topic", defaultValue = "ecg.models", description = "Registry topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--weights",
      description = "Training weights of --from (config.json, tokenizer.json, checkpoint.bin). Default: STORE/NAME/VERSION.weights"
          + " (kept there by earlier re-trainings), else models/NAME-weights beside ./ecg (the default bundle's).")
  Path weights;

  @Option(names = "--data", defaultValue = "../shared/data",
      description = "Base data set, parity inputs and held-out set: ptbxl/, ptbxl-reports/, cinc2017/, mitdb/ (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--config", defaultValue = "tiny",
      description = "Model configuration the parent must have: tiny or base (default: ${DEFAULT-VALUE}).")
  String config;

  @Option(names = "--steps", defaultValue = "200", description = "Optimiser steps of continued pre-training (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--learning-rate", description = "Peak learning rate (default: a tenth of the configuration's).")
  Float learningRate;

  @Option(names = "--base-mix", defaultValue = "0.5",
      description = "Share of base-data examples in training, 0 (archive only) to 1 (base only) (default: ${DEFAULT-VALUE}).")
  double baseMix;

  @Option(names = "--simulated", defaultValue = "1000",
      description = "Simulated ECG-report pairs in the base data set (default: ${DEFAULT-VALUE}).")
  int simulated;

  @Option(names = "--max-unpaired", defaultValue = "500",
      description = "Cap on the base data set's unpaired windows (default: ${DEFAULT-VALUE}).")
  int maxUnpaired;

  @Option(names = "--windows-per-recording", defaultValue = "6",
      description = "10 s windows cut from one archived recording at most (default: ${DEFAULT-VALUE}).")
  int windowsPerRecording;

  @Option(names = "--held-out", defaultValue = "120",
      description = "CinC 2017 test recordings in the held-out set, and as many train recordings for the probe (default: ${DEFAULT-VALUE}).")
  int heldOut;

  @Option(names = "--tolerance", defaultValue = "0.02",
      description = "How far below production's each held-out AUC may be, in AUC units; negative demands an improvement (default: ${DEFAULT-VALUE}).")
  double tolerance;

  @Option(names = "--allow-label-loss",
      description = "Publish a candidate although it loses a label, advisory or evidence production serves (its"
          + " re-evaluation on PTB-XL fell below the rule, or PTB-XL is missing under --data); refused otherwise.")
  boolean allowLabelLoss;

  @Option(names = "--model-version", description = "Candidate version (default: the parent's next free patch, e.g. 0.1.0 -> 0.1.1).")
  String candidateVersion;

  @Option(names = "--work", defaultValue = "runs/retrain",
      description = "Folder for each run's work folder (training output, candidate bundle, retrain.json) (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(names = "--git-commit", description = "Commit of the training code (default: this checkout's HEAD).")
  String gitCommit;

  @Option(names = "--seed", defaultValue = "20261126", description = "Seed of the mix, the simulation and the steps (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--every", converter = DurationConverter.class,
      description = "Run as a daemon: now, then every period (e.g. 24h); a status line after each run; stops on Ctrl-C or SIGTERM.")
  Duration every;

  @Option(names = "--by", description = "Who publishes, recorded on the registry (default: the OS user).")
  String by = System.getProperty("user.name");

  @Override
  public Integer call() throws Exception {
    RetrainCycle cycle;
    try {
      cycle = cycle();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("retrain: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    if (every == null) {
      return once(cycle);
    }
    RetrainSchedule schedule;
    try {
      schedule = new RetrainSchedule(every, Clock.systemUTC(), System.out);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("retrain: " + e.getMessage());
      return 2;
    }
    Thread hook = new Thread(() -> {
      try {
        schedule.stop(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "retrain-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    schedule.run(cycle::run);
    return 0;
  }

  private int once(RetrainCycle cycle) throws Exception {
    try {
      RetrainCycle.Result r = cycle.run();
      if (!r.published()) {
        spec.commandLine().getErr().printf("retrain: candidate %s refused by the gate, not published: %s"
            + " (its bundle and retrain.json stay in %s)%n", r.candidateVersion(), r.explanation(), r.workDir());
        spec.commandLine().getErr().flush();
        return 1;
      }
      return 0;
    } catch (IllegalArgumentException | IllegalStateException | BundleException e) {
      spec.commandLine().getErr().println("retrain: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
  }

  RetrainCycle cycle() {
    Path archivePath = archive.startsWith("file:") ? Path.of(URI.create(archive)) : Path.of(archive);
    if (archive.contains("://") && !archive.startsWith("file:")) {
      throw new IllegalArgumentException("--archive " + archive + ": only directories and file: URIs are read here"
          + " (mount the bucket, or add an NIO filesystem provider for its scheme)");
    }
    if (!Files.isDirectory(archivePath)) {
      throw new IllegalArgumentException("--archive " + archive + " is not a directory (the alarm job's ecg.archive.base)");
    }
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data.toAbsolutePath() + " is not a directory (../shared/data layout)");
    }
    String commit = gitCommit != null ? gitCommit : ExportCommand.headCommit();
    if (commit == null) {
      throw new IllegalArgumentException("not in a git checkout; pass --git-commit");
    }
    // Validate every flag now, not after the first minutes of work.
    options(archivePath, commit, "0.0.0");
    Path home = Path.of(System.getProperty("ecg.home", "."));
    RetrainCycle.Settings settings = new RetrainCycle.Settings(name, from, weights,
        home.resolve("models").resolve(name + "-weights"), candidateVersion, work, by,
        version -> options(archivePath, commit, version));
    if (topic.equals(EcgTopics.MODELS.name())) {
      TopicProvisioner.ensureTopics(bootstrap, java.util.List.of(EcgTopics.MODELS));
    }
    return new RetrainCycle(settings, new ModelRegistryLog(bootstrap, topic), new DirectoryBundleStore(store),
        new SimulatedPairs(), System.out);
  }

  private RetrainOptions options(Path archivePath, String commit, String version) {
    return new RetrainOptions(archivePath, data, config, steps, learningRate, baseMix, simulated, maxUnpaired,
        windowsPerRecording, heldOut, RetrainOptions.defaultGate(tolerance), seed, name, version, commit,
        allowLabelLoss);
  }
}
