package org.ecgstream.trainer.export;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleLayout;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.BundleWriter;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.bundle.ZeroShotCalibration;
import org.ecgstream.trainer.eval.AdvisoryLabelEvaluation;
import org.ecgstream.trainer.eval.Prompts;

/**
 * {@code ./ecg export --from-bundle}: a new version of a bundle with the same ONNX graphs, weights
 * and tokenizer, and the labels an advisory evaluation ({@code eval-advisory.json} of
 * {@code ./ecg eval --advisory-labels}) found worth shipping: their prompts and calibration, an
 * {@code advisories} entry for each label the evaluation rated ADVISORY, an {@code evidence} entry
 * for a label rated EVIDENCE or better that has a detector alarm of the same condition; a label
 * rated NONE is left out. The evaluation's figures go into the metrics. The new version is written
 * to a staging folder and moved into place, so {@code --out} may be the source bundle.
 */
public final class AdvisoryBundleVersion {

  /** Model labels to the detector alarm kind (flink-jobs RhythmAlarms) of the same condition. */
  public static final Map<String, String> DETECTOR_KINDS = Map.of(
      "atrial_fibrillation", "ATRIAL_FIBRILLATION",
      "st_change", "ST_DEVIATION");
  /**
   * A new label's advisory when the evaluation rates it ADVISORY: LOW priority, "more likely than
   * not" on the calibrated probability, three consecutive windows (10 s windows every 5 s: 20 s of
   * signal), smoothing as for AF.
   */
  static LabelAdvisory defaultAdvisory(String kind) {
    return new LabelAdvisory(kind, "LOW", 0.5, 3, 0.5);
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private AdvisoryBundleVersion() {}

  /** Writes {@code version} of {@code source} with the labels of {@code evaluation} into {@code out}. */
  public static BundleManifest write(Path source, Path evaluation, Path out, String version, String gitCommit,
      PrintStream progress) throws IOException, BundleException {
    if (Files.exists(out) && !Files.isRegularFile(out.resolve(BundleLayout.MANIFEST))) {
      throw new IOException(out + " exists and is not a bundle; give a new folder or a bundle to replace");
    }
    BundleManifest base = ModelBundle.open(source).manifest();
    Map<String, Object> eval = JSON.readValue(evaluation.toFile(), new TypeReference<Map<String, Object>>() {});
    if (!"ptbxl-advisory".equals(eval.get("dataset")) || !(eval.get("labels") instanceof Map<?, ?>)) {
      throw new IOException(evaluation + ": not an advisory evaluation (make one with './ecg eval --model "
          + source + " --data ../shared/data/ptbxl --advisory-labels --out DIR')");
    }
    Labels labels = withEvaluation(Labels.of(base, Prompts.read(source.resolve(BundleLayout.PROMPTS))),
        evaluatedLabels(eval), "export", progress);

    Path staging = out.toAbsolutePath().resolveSibling(out.getFileName() + ".staging");
    deleteFlat(staging);
    Files.createDirectories(staging);
    for (String file : List.of(BundleLayout.ECG_ENCODER, BundleLayout.TEXT_ENCODER, base.textSpec().tokenizerFile())) {
      Files.copy(source.resolve(file), staging.resolve(file));
    }
    BundleManifest manifest = labels.writeInto(staging, new BundleManifest(base.formatVersion(), base.name(), version,
        Instant.now(), gitCommit, base.config(), base.trainingData(), base.metrics(), base.inputSpec(), base.textSpec(),
        base.embeddingSize(), base.onnxOpset(), Map.of(), base.prompts(), base.calibration(), base.advisories(),
        base.evidence()));
    ModelBundle.open(staging);
    deleteFlat(out);
    Files.createDirectories(out);
    try (Stream<Path> files = Files.list(staging)) {
      for (Path f : files.sorted().toList()) {
        Files.move(f, out.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.delete(staging);
    ModelBundle.open(out);
    return manifest;
  }

  /**
   * A bundle's labels with everything the manifest says about them: prompts, calibration,
   * advisories, evidence, and the metrics (which hold the advisory evaluation's figures).
   */
  public record Labels(Map<String, List<String>> prompts, Map<String, ZeroShotCalibration> calibration,
      Map<String, LabelAdvisory> advisories, Map<String, String> evidence, Map<String, Double> metrics) {

    public Labels {
      prompts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
      calibration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(calibration));
      advisories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(advisories));
      evidence = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
      metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The labels of {@code manifest}, with the prompts as its prompts.json holds them. */
    public static Labels of(BundleManifest manifest, Prompts prompts) {
      return new Labels(prompts.byLabel(), manifest.calibration(), manifest.advisories(), manifest.evidence(),
          manifest.metrics());
    }

    /**
     * Writes prompts.json into {@code dir} and seals it with {@code manifest} carrying these labels
     * and metrics (the rest of {@code manifest} as given).
     */
    public BundleManifest writeInto(Path dir, BundleManifest manifest) throws IOException, BundleException {
      new Prompts(prompts).write(dir.resolve(BundleLayout.PROMPTS));
      BundleManifest m = manifest;
      return BundleWriter.write(dir, new BundleManifest(m.formatVersion(), m.name(), m.version(), m.created(),
          m.gitCommit(), m.config(), m.trainingData(), metrics, m.inputSpec(), m.textSpec(), m.embeddingSize(),
          m.onnxOpset(), Map.of(), prompts, calibration, advisories, evidence));
    }
  }

  /** The {@code labels} of an advisory evaluation's result ({@link AdvisoryLabelEvaluation#run}). */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> evaluatedLabels(Map<String, Object> evaluation) {
    return (Map<String, Map<String, Object>>) evaluation.get("labels");
  }

  /**
   * {@code base} with the labels of an advisory evaluation as its decisions allow: every label's
   * figures go into the metrics; a label rated NONE is left out; otherwise its prompts and
   * calibration are added (replacing any the base had: a calibration belongs to the weights it was
   * fitted on), an advisory when rated ADVISORY, evidence when it has a detector alarm. The one
   * place these rules live: {@code ./ecg export --from-bundle} and re-training both use it.
   *
   * @param who prefix of the progress lines ("export", "retrain")
   */
  public static Labels withEvaluation(Labels base, Map<String, Map<String, Object>> evaluated, String who,
      PrintStream progress) {
    Map<String, List<String>> prompts = new LinkedHashMap<>(base.prompts());
    Map<String, ZeroShotCalibration> calibration = new LinkedHashMap<>(base.calibration());
    Map<String, LabelAdvisory> advisories = new LinkedHashMap<>(base.advisories());
    Map<String, String> evidence = new LinkedHashMap<>(base.evidence());
    if (prompts.containsKey("atrial_fibrillation") && calibration.containsKey("atrial_fibrillation")) {
      advisories.putIfAbsent("atrial_fibrillation", LabelAdvisory.ATRIAL_FIBRILLATION);
      evidence.putIfAbsent("atrial_fibrillation", DETECTOR_KINDS.get("atrial_fibrillation"));
    }
    Map<String, Double> metrics = new LinkedHashMap<>(base.metrics());
    for (Map.Entry<String, Map<String, Object>> e : evaluated.entrySet()) {
      String label = e.getKey();
      Map<String, Object> l = e.getValue();
      AdvisoryLabelEvaluation.Decision decision = decision(l);
      addMetrics(metrics, label, l);
      if (decision == AdvisoryLabelEvaluation.Decision.NONE) {
        progress.println(who + ": " + label + " left out (the evaluation rated it NONE)");
        continue;
      }
      @SuppressWarnings("unchecked")
      List<String> labelPrompts = (List<String>) l.get("prompts");
      prompts.put(label, labelPrompts);
      calibration.put(label, JSON.convertValue(l.get("calibration"), ZeroShotCalibration.class));
      if (decision == AdvisoryLabelEvaluation.Decision.ADVISORY) {
        advisories.put(label, defaultAdvisory(String.valueOf(l.get("alarm_kind"))));
      }
      if (DETECTOR_KINDS.containsKey(label)) {
        evidence.put(label, DETECTOR_KINDS.get(label));
      }
      progress.println(who + ": " + label + " (" + decision + ") with prompts " + labelPrompts
          + ", calibration " + calibration.get(label)
          + (advisories.containsKey(label) ? ", advisory " + advisories.get(label) : ", no advisory")
          + (evidence.containsKey(label) ? ", evidence for " + evidence.get(label) : ""));
    }
    return new Labels(prompts, calibration, advisories, evidence, metrics);
  }

  /** The evaluation's decision for one label of {@link #evaluatedLabels}. */
  public static AdvisoryLabelEvaluation.Decision decision(Map<String, Object> evaluatedLabel) {
    return AdvisoryLabelEvaluation.Decision.valueOf(String.valueOf(evaluatedLabel.get("decision")));
  }

  private static void addMetrics(Map<String, Double> metrics, String label, Map<String, Object> l) {
    String prefix = "ptbxl.advisory." + label + ".";
    if (l.get("test_fold_10") instanceof Map<?, ?> test) {
      putNumbers(metrics, prefix + "fold10_", test);
    }
    if (l.get("candidates") instanceof Map<?, ?> candidates && candidates.get(l.get("chosen")) instanceof Map<?, ?> chosen) {
      putNumbers(metrics, prefix + "selection_", chosen);
    }
    if (l.get("simulated") instanceof Map<?, ?> simulated
        && simulated.get("all_positives_vs_all_other_conditions") instanceof Map<?, ?> sim) {
      putNumbers(metrics, prefix + "simulated_vs_other_conditions_", sim);
    }
  }

  private static void putNumbers(Map<String, Double> metrics, String prefix, Map<?, ?> figures) {
    figures.forEach((k, v) -> {
      if (v instanceof Number n) {
        metrics.put(prefix + k, n.doubleValue());
      }
    });
  }

  /** Deletes a flat folder (a bundle or its staging copy) and the files in it, if it exists. */
  private static void deleteFlat(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }
}
