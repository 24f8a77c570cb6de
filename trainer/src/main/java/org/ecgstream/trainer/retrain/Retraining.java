package org.ecgstream.trainer.retrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleLayout;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.BundleWriter;
import org.ecgstream.core.bundle.DatasetLineage;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.bundle.Sha256;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.trainer.data.ArchiveDataset;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.eval.AdvisoryLabelEvaluation;
import org.ecgstream.trainer.eval.OnnxBundleEncoders;
import org.ecgstream.trainer.eval.Prompts;
import org.ecgstream.trainer.export.AdvisoryBundleVersion;
import org.ecgstream.trainer.export.BundleExport;
import org.ecgstream.trainer.export.ParityCheck;
import org.ecgstream.trainer.export.ParityException;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.train.Checkpoint;
import org.ecgstream.trainer.train.CorpusBuilder;
import org.ecgstream.trainer.train.Pretrainer;
import org.ecgstream.trainer.train.PretrainingCorpus;
import org.ecgstream.trainer.train.TrainedModel;

/**
 * One re-training run: continue C-MELT pre-training from the production model's weights on the
 * archive mixed with the base data set, export the candidate with its parity check, re-evaluate
 * and re-calibrate the labels production has beyond the rhythm set ({@link ParentLabels}) with the
 * candidate's weights, evaluate candidate and production on the same held-out set, write the
 * lineage into the candidate's manifest and let the {@link RetrainGate} decide. Publishing is the caller's (it knows the
 * registry); this class never touches Kafka.
 *
 * <p>Work folder: {@code model/} (training output: config, tokenizer, checkpoint, training.json),
 * {@code candidate/} (the bundle), {@code advisory/} (the candidate's advisory-label evaluation,
 * eval-advisory.json), {@code retrain.json} (the outcome).
 */
public final class Retraining {

  /** The run's outcome: where the candidate is, what it and production scored, and the gate's decision. */
  public record Outcome(Path candidateBundle, String candidateVersion, Map<String, Double> candidateMetrics,
      Map<String, Double> productionMetrics, RetrainGate.Decision decision, ArchiveSnapshot snapshot,
      ArchiveDataset.Counts archiveCounts, CorpusMix.Counts mix, Duration trainingTime, Duration total) {

    public boolean passed() {
      return decision.passed();
    }
  }

  static final String MODEL_DIR = "model";
  static final String CANDIDATE_DIR = "candidate";
  static final String OUTCOME_FILE = "retrain.json";
  static final String ADVISORY_DIR = "advisory";
  /** Simulated beds per condition in the label re-evaluation: as {@code ./ecg eval --advisory-labels} by default. */
  static final int ADVISORY_SIMULATED_BEDS = 40;
  private static final int PHASES = 7;
  /** Manifest config key the re-training lineage is written under. */
  public static final String LINEAGE_KEY = "retrained_from";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Re-reads of an archive that changed while it was read, before giving up. */
  private static final int SNAPSHOT_ATTEMPTS = 3;

  private final RetrainOptions options;
  private final CorpusBuilder.PairSimulator simulator;
  private final PrintStream out;

  public Retraining(RetrainOptions options, CorpusBuilder.PairSimulator simulator, PrintStream out) {
    this.options = options;
    this.simulator = simulator;
    this.out = out;
  }

  /**
   * Runs once.
   *
   * @param production the production bundle (checksums verified)
   * @param productionWeights its training weights (config.json, tokenizer.json, checkpoint.bin)
   * @param workDir an empty or absent folder for this run's files
   */
  public Outcome run(ModelBundle production, Path productionWeights, Path workDir) throws IOException, BundleException {
    Instant start = Instant.now();
    CmeltConfig parent = requireWeightsOf(production, productionWeights);
    if (!parent.name().equals(options.configName())) {
      throw new IllegalArgumentException("production " + production.manifest().version() + " is configuration '"
          + parent.name() + "', not '" + options.configName() + "' (--config must match the model it continues)");
    }
    Path modelDir = workDir.resolve(MODEL_DIR);
    Path candidateDir = workDir.resolve(CANDIDATE_DIR);
    if (Files.exists(candidateDir) || Files.exists(modelDir)) {
      throw new IllegalArgumentException(workDir + " already holds a re-training run (give an empty --work folder)");
    }
    // Checked before any minute of training: a candidate that cannot carry production's labels over is refused.
    ParentLabels parentLabels = new ParentLabels(production.manifest());
    String cannotEvaluate = parentLabels.cannotEvaluate(options.dataRoot());
    if (cannotEvaluate != null && !options.allowLabelLoss()) {
      throw new IllegalArgumentException(cannotEvaluate + "; or pass --allow-label-loss to re-train without them");
    }

    phase(1, "reading the archive " + options.archive());
    WindowPreprocessor preprocessor = new WindowPreprocessor(parent.input());
    Snapshotted archive = readArchive(preprocessor);
    out.println("retrain: " + archive.examples.counts().summary());
    out.printf("retrain: archive snapshot %s (%d recording files, %d report files, %d bytes)%n",
        archive.snapshot.sha256(), archive.snapshot.recordingFiles(), archive.snapshot.reportFiles(),
        archive.snapshot.bytes());

    phase(2, "gathering the base data set from " + options.dataRoot() + " (share " + options.baseShare() + ")");
    BpeTokenizer tokenizer = TrainedModel.readTokenizer(productionWeights);
    List<DatasetLineage> lineage = new ArrayList<>();
    lineage.add(new DatasetLineage("archive", "snapshot of " + archive.snapshot.files().size() + " files, "
        + archive.examples.counts().pairs() + " ECG-report pairs, " + archive.examples.counts().unpairedRecordings()
        + " unpaired recordings", archive.snapshot.sha256(), archive.examples.counts().recordings()));
    PretrainingCorpus base = null;
    if (options.baseShare() > 0) {
      CorpusBuilder.Built built = new CorpusBuilder(parent, simulator, out).build(new CorpusBuilder.Sources(
          options.dataRoot(), options.simulatedPairs(), options.maxUnpaired(), options.seed()));
      base = built.corpus();
      lineage.addAll(built.lineage());
    }
    CorpusMix.Mixed mixed = CorpusMix.mix(base, archive.examples, options.baseShare(), tokenizer, options.seed());
    out.printf("retrain: mix of %d archive and %d base pair windows, %d archive and %d base unpaired windows%n",
        mixed.counts().archivePairs(), mixed.counts().basePairs(), mixed.counts().archiveUnpaired(),
        mixed.counts().baseUnpaired());

    CmeltConfig config = continued(parent);
    phase(3, String.format("continuing pre-training of %s %s for %d steps (learning rate %.2g)",
        production.manifest().name(), production.manifest().version(), config.training().steps(),
        config.training().learningRate()));
    TrainedModel.writeConfig(modelDir, config);
    Files.copy(productionWeights.resolve(TrainedModel.TOKENIZER), modelDir.resolve(TrainedModel.TOKENIZER));
    Instant trainingStart = Instant.now();
    Pretrainer.Result result = new Pretrainer(config, mixed.corpus(), modelDir, out).startingFrom(productionWeights)
        .run(false);
    Duration training = Duration.between(trainingStart, Instant.now());
    writeTrainingSummary(modelDir, config, lineage, result, training);
    if (result.skippedUpdates() >= result.losses().size()) {
      // The weights are the parent's: a "candidate" would be production under a new version.
      throw new IllegalStateException("continued pre-training made no update: all " + result.skippedUpdates()
          + " steps had non-finite gradients (see the step lines above; lower --learning-rate or check the archive)");
    }

    phase(4, "exporting the candidate " + options.candidateVersion() + " with the parity check");
    ParityCheck.Result parity = null;
    String parityDetail;
    try {
      parity = BundleExport.export(modelDir, candidateDir,
          new BundleExport.Options(options.modelName(), options.candidateVersion(), options.gitCommit(),
              options.dataRoot()), out);
      parityDetail = String.format("ecg %.2e, text %.2e", parity.ecgMaxAbsDifference(), parity.textMaxAbsDifference());
    } catch (ParityException e) {
      parityDetail = e.getMessage();
    }

    Map<String, Map<String, Object>> labelEvaluation = Map.of();
    if (parentLabels.labels().isEmpty()) {
      phase(5, "production " + production.manifest().version() + " has no labels beyond the rhythm set to carry over");
    } else if (cannotEvaluate != null) {
      phase(5, "not re-evaluating production's labels " + parentLabels.labels() + ": " + cannotEvaluate);
    } else if (parity != null) {
      Path ptbxl = options.dataRoot().resolve(ParentLabels.PTBXL_DIR);
      phase(5, "re-evaluating and re-calibrating production's labels " + parentLabels.labels()
          + " with the candidate on PTB-XL " + ptbxl);
      Instant labelsStart = Instant.now();
      labelEvaluation = carryLabelsOver(candidateDir, parentLabels, ptbxl, workDir.resolve(ADVISORY_DIR));
      out.printf("retrain: labels re-evaluated and written in %.1f s%n",
          Duration.between(labelsStart, Instant.now()).toMillis() / 1000.0);
    } else {
      phase(5, "not re-evaluating production's labels " + parentLabels.labels() + ": the export failed its parity check");
    }

    Map<String, Double> productionMetrics;
    Map<String, Double> candidateMetrics = Map.of();
    phase(6, "evaluating production and candidate on the held-out set");
    HeldOutEvaluation heldOut = HeldOutEvaluation.load(options.dataRoot().resolve("cinc2017"),
        options.heldOutRecordings(), parent.input(), out);
    try (OnnxBundleEncoders encoders = new OnnxBundleEncoders(production)) {
      productionMetrics = heldOut.evaluate(encoders);
    }
    out.println("retrain: production " + production.manifest().version() + " " + figures(productionMetrics));
    RetrainGate.Decision decision;
    if (parity == null) {
      decision = new RetrainGate.Decision(List.of(), false, parityDetail);
    } else {
      try (OnnxBundleEncoders encoders = new OnnxBundleEncoders(ModelBundle.open(candidateDir))) {
        candidateMetrics = heldOut.evaluate(encoders);
      }
      out.println("retrain: candidate  " + options.candidateVersion() + " " + figures(candidateMetrics));
      List<RetrainGate.LabelLoss> losses = parentLabels.losses(labelEvaluation,
          cannotEvaluate != null ? cannotEvaluate : "the evaluation did not rate it");
      decision = options.gate().decide(candidateMetrics, productionMetrics, true, parityDetail)
          .withLabelLosses(losses, options.allowLabelLoss());
      Map<String, Double> lineageMetrics = new LinkedHashMap<>(candidateMetrics);
      lineageMetrics.putAll(parentLabels.parentMetrics());
      sealLineage(candidateDir, production, archive.snapshot, heldOut, config, lineageMetrics, productionMetrics,
          mixed.counts(), decision, parentLabels.lineage(labelEvaluation, losses));
    }

    phase(PHASES, "gate: " + decision.explanation());
    Outcome outcome = new Outcome(candidateDir, options.candidateVersion(), candidateMetrics, productionMetrics,
        decision, archive.snapshot, archive.examples.counts(), mixed.counts(), training,
        Duration.between(start, Instant.now()));
    writeOutcome(workDir, outcome, production);
    return outcome;
  }

  /**
   * Runs the advisory-label evaluation on the candidate and rewrites its prompts and manifest with
   * production's extra labels as the candidate's own figures allow (the rules of
   * {@link AdvisoryBundleVersion#withEvaluation}); returns the evaluation of those labels.
   */
  private Map<String, Map<String, Object>> carryLabelsOver(Path candidateDir, ParentLabels parentLabels, Path ptbxl,
      Path evaluationDir) throws IOException, BundleException {
    ModelBundle candidate = ModelBundle.open(candidateDir);
    Map<String, Object> result;
    try (OnnxBundleEncoders encoders = new OnnxBundleEncoders(candidate)) {
      result = new AdvisoryLabelEvaluation(PtbXlDataset.open(ptbxl), ADVISORY_SIMULATED_BEDS, out)
          .run(encoders, options.modelName() + " " + options.candidateVersion(), evaluationDir);
    }
    Map<String, Map<String, Object>> evaluated = parentLabels.ofParent(AdvisoryBundleVersion.evaluatedLabels(result));
    BundleManifest m = candidate.manifest();
    AdvisoryBundleVersion.withEvaluation(
        AdvisoryBundleVersion.Labels.of(m, Prompts.read(candidateDir.resolve(BundleLayout.PROMPTS))), evaluated,
        "retrain", out).writeInto(candidateDir, m);
    return evaluated;
  }

  /** The parent's configuration with the run's steps, a short warm-up and the continued learning rate. */
  CmeltConfig continued(CmeltConfig parent) {
    CmeltConfig.Training t = parent.training();
    float learningRate = options.learningRate() != null ? options.learningRate() : t.learningRate() / 10;
    int steps = options.steps();
    return parent.withTraining(new CmeltConfig.Training(t.batchSize(), steps, Math.max(1, Math.min(t.warmupSteps(),
        steps / 10)), learningRate, t.weightDecay(), t.clipNorm(), t.weights(), t.pairedFraction(), options.seed()));
  }

  /**
   * The weights' configuration, after checking they belong to {@code production}: same tokenizer
   * (sha256 in the manifest) and the same model shape as the manifest's config.
   */
  static CmeltConfig requireWeightsOf(ModelBundle production, Path weights) throws IOException {
    if (!Files.isRegularFile(weights.resolve(Checkpoint.FILE))) {
      throw new IllegalArgumentException(weights + ": no " + Checkpoint.FILE + " (the production model's weights;"
          + " pass --weights DIR, e.g. models/cmelt-tiny-weights for the default bundle)");
    }
    CmeltConfig config = TrainedModel.readConfig(weights);
    String tokenizerSha = Sha256.ofFile(weights.resolve(TrainedModel.TOKENIZER));
    String expected = production.manifest().files().get(production.manifest().textSpec().tokenizerFile());
    if (!tokenizerSha.equals(expected)) {
      throw new IllegalArgumentException(weights + " are not the weights of " + production.manifest().name() + " "
          + production.manifest().version() + ": their tokenizer.json differs from the bundle's (sha256 " + tokenizerSha
          + " vs " + expected + ")");
    }
    if (config.embeddingSize() != production.manifest().embeddingSize()
        || !config.input().equals(production.manifest().inputSpec())) {
      throw new IllegalArgumentException(weights + " are not the weights of " + production.manifest().name() + " "
          + production.manifest().version() + ": their model shape (input spec, embedding size) differs from the bundle's");
    }
    return config;
  }

  private record Snapshotted(ArchiveSnapshot snapshot, ArchiveExamples examples) {}

  /**
   * Reads the archive with a snapshot taken before and after: the job only adds files, so equal
   * snapshots mean the read saw exactly the files the hash covers; otherwise it reads again.
   */
  private Snapshotted readArchive(WindowPreprocessor preprocessor) throws IOException {
    for (int attempt = 1; attempt <= SNAPSHOT_ATTEMPTS; attempt++) {
      ArchiveSnapshot before = ArchiveSnapshot.of(options.archive());
      ArchiveExamples examples = ArchiveExamples.read(ArchiveDataset.open(options.archive()), preprocessor,
          options.maxWindowsPerRecording());
      ArchiveSnapshot after = ArchiveSnapshot.of(options.archive());
      if (before.sha256().equals(after.sha256())) {
        return new Snapshotted(after, examples);
      }
      out.println("retrain: the archive changed while it was read (files were added); reading it again");
    }
    throw new IOException("archive " + options.archive() + " changed during each of " + SNAPSHOT_ATTEMPTS
        + " reads; its lineage cannot be pinned (retry, or re-train from a copy)");
  }

  private void writeTrainingSummary(Path modelDir, CmeltConfig config, List<DatasetLineage> lineage,
      Pretrainer.Result result, Duration training) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("config", config.name());
    summary.put("training_seconds", training.toSeconds());
    summary.put("steps", config.training().steps());
    summary.put("training_data", lineage);
    summary.put("mean_loss_first_10", result.meanTotal(10, false));
    summary.put("mean_loss_last_10", result.meanTotal(10, true));
    summary.put("skipped_updates", result.skippedUpdates());
    JSON.writeValue(modelDir.resolve(TrainedModel.SUMMARY).toFile(), summary);
  }

  /**
   * Rewrites the candidate's manifest with the held-out figures (its own, and production's under
   * {@code heldout.production.*} for the record), production's advisory-label figures under
   * {@code ptbxl.advisory.production.*}, and the lineage of this run in its config, with the
   * per-label comparison under {@code labels}.
   */
  private void sealLineage(Path candidateDir, ModelBundle production, ArchiveSnapshot snapshot,
      HeldOutEvaluation heldOut, CmeltConfig config, Map<String, Double> candidateMetrics,
      Map<String, Double> productionMetrics, CorpusMix.Counts mix, RetrainGate.Decision decision,
      Map<String, Object> labels) throws IOException, BundleException {
    BundleManifest m = ModelBundle.open(candidateDir).manifest();
    Map<String, Double> metrics = new LinkedHashMap<>(m.metrics());
    metrics.putAll(candidateMetrics);
    productionMetrics.forEach((k, v) -> metrics.put(k.replace("heldout.", "heldout.production."), v));
    Map<String, Object> retrain = new LinkedHashMap<>();
    retrain.put("parent_name", production.manifest().name());
    retrain.put("parent_version", production.manifest().version());
    retrain.put("parent_manifest_sha256", Sha256.ofFile(production.dir().resolve(BundleLayout.MANIFEST)));
    retrain.put("archive", options.archive().toString());
    retrain.put("archive_snapshot_sha256", snapshot.sha256());
    retrain.put("archive_files", snapshot.files().size());
    retrain.put("base_mix", options.baseShare());
    retrain.put("archive_pair_windows", mix.archivePairs());
    retrain.put("base_pair_windows", mix.basePairs());
    retrain.put("steps", config.training().steps());
    retrain.put("learning_rate", config.training().learningRate());
    retrain.put("seed", options.seed());
    retrain.put("held_out", "cinc2017 " + heldOut.recordings() + " recordings");
    retrain.put("held_out_sha256", heldOut.sha256());
    retrain.put("gate_metrics", options.gate().metrics());
    retrain.put("gate_tolerance_auc", options.gate().toleranceAuc());
    retrain.put("labels", labels);
    retrain.put("gate", decision.explanation());
    Map<String, Object> newConfig = new LinkedHashMap<>(m.config());
    newConfig.put(LINEAGE_KEY, retrain);
    BundleWriter.write(candidateDir, new BundleManifest(m.formatVersion(), m.name(), m.version(), m.created(),
        m.gitCommit(), newConfig, m.trainingData(), metrics, m.inputSpec(), m.textSpec(), m.embeddingSize(),
        m.onnxOpset(), Map.of(), m.prompts(), m.calibration(), m.advisories(), m.evidence()));
  }

  private void writeOutcome(Path workDir, Outcome o, ModelBundle production) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("parent_version", production.manifest().version());
    json.put("candidate_version", o.candidateVersion());
    json.put("passed", o.passed());
    json.put("gate", o.decision().explanation());
    json.put("candidate_metrics", o.candidateMetrics());
    json.put("production_metrics", o.productionMetrics());
    json.put("archive_snapshot_sha256", o.snapshot().sha256());
    json.put("training_seconds", o.trainingTime().toMillis() / 1000.0);
    json.put("total_seconds", o.total().toMillis() / 1000.0);
    JSON.writeValue(workDir.resolve(OUTCOME_FILE).toFile(), json);
  }

  private void phase(int n, String what) {
    out.printf("retrain: [%d/%d] %s%n", n, PHASES, what);
  }

  static String figures(Map<String, Double> metrics) {
    StringBuilder s = new StringBuilder();
    metrics.forEach((k, v) -> s.append(String.format(java.util.Locale.ROOT, " %s=%.4f", k.replace("heldout.", ""), v)));
    return s.toString().trim();
  }

  /** For the CLI: copies the weights of a finished run (no optimiser state) next to its bundle in a store. */
  public static void keepWeights(Path workDir, Path target) throws IOException {
    Objects.requireNonNull(target, "target");
    try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      TrainedModel.writeWeightsOnly(workDir.resolve(MODEL_DIR), target, manager);
    }
    Files.copy(workDir.resolve(MODEL_DIR).resolve(TrainedModel.SUMMARY), target.resolve(TrainedModel.SUMMARY),
        StandardCopyOption.REPLACE_EXISTING);
  }
}
