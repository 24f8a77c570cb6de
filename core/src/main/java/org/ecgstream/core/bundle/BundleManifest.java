package org.ecgstream.core.bundle;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ecgstream.core.preprocess.InputSpec;

/**
 * The contents of a bundle's manifest.json: what the model is, how it was made, what it takes,
 * and the sha256 of every other file. JSON field names are snake_case (see {@link BundleJson}).
 *
 * @param formatVersion manifest format, {@link BundleLayout#FORMAT_VERSION}
 * @param name model name, also the key on the {@code ecg.models} topic
 * @param version semantic version MAJOR.MINOR.PATCH, optionally with -pre-release and +build
 * @param created when the bundle was exported
 * @param gitCommit commit the trainer ran from (7-40 hex digits, "-dirty" if the tree had changes)
 * @param config the training configuration, free-form
 * @param trainingData the data sets used, pinned by content hash
 * @param metrics evaluation metrics by stable key, e.g. "ptbxl.test.macro_auc"
 * @param inputSpec the ECG window the ECG encoder takes
 * @param textSpec what the text encoder takes
 * @param embeddingSize length of both encoders' output embedding
 * @param onnxOpset ONNX opset both graphs were exported with
 * @param files file name to sha256 (lowercase hex); empty until {@link BundleWriter} fills it
 * @param prompts label name to the prompt texts whose embeddings define that label
 * @param calibration label name to its zero-shot calibration; empty when uncalibrated
 * @param advisories label name to how it raises an advisory alarm ({@link LabelAdvisory}); labels not
 *     named here raise none. Each needs prompts and a calibration (the threshold is a probability)
 * @param evidence label name to the detector alarm kind its probability is evidence for (e.g.
 *     "st_change" to "ST_DEVIATION"); evidence never raises, delays or suppresses an alarm
 */
public record BundleManifest(
    int formatVersion,
    String name,
    String version,
    Instant created,
    String gitCommit,
    Map<String, Object> config,
    List<DatasetLineage> trainingData,
    Map<String, Double> metrics,
    InputSpec inputSpec,
    TextSpec textSpec,
    int embeddingSize,
    int onnxOpset,
    Map<String, String> files,
    Map<String, List<String>> prompts,
    Map<String, ZeroShotCalibration> calibration,
    Map<String, LabelAdvisory> advisories,
    Map<String, String> evidence) {

  private static final Pattern SEMANTIC_VERSION = Pattern.compile(
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
  private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-f]{7,40}(-dirty)?");

  public BundleManifest {
    ManifestChecks.requireText(name, "name");
    ManifestChecks.requireText(version, "version");
    if (!SEMANTIC_VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "version '" + version + "' is not a semantic version MAJOR.MINOR.PATCH such as 1.2.0");
    }
    Objects.requireNonNull(created, "created is missing (ISO-8601 instant, e.g. 2026-01-31T12:00:00Z)");
    ManifestChecks.requireText(gitCommit, "git_commit");
    if (!GIT_COMMIT.matcher(gitCommit).matches()) {
      throw new IllegalArgumentException(
          "git_commit '" + gitCommit + "' must be 7-40 lowercase hex digits, optionally with -dirty");
    }
    Objects.requireNonNull(inputSpec, "input_spec is missing");
    Objects.requireNonNull(textSpec, "text_spec is missing");
    if (embeddingSize <= 0) {
      throw new IllegalArgumentException("embedding_size must be positive, got " + embeddingSize);
    }
    if (onnxOpset <= 0) {
      throw new IllegalArgumentException("onnx_opset must be positive, got " + onnxOpset);
    }
    // Config may hold JSON nulls, which Map.copyOf refuses.
    config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    trainingData = trainingData == null ? List.of() : List.copyOf(trainingData);
    metrics = checkedMetrics(metrics);
    files = checkedFiles(files);
    prompts = checkedPrompts(prompts);
    calibration = calibration == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(calibration));
    for (String label : calibration.keySet()) {
      if (!prompts.containsKey(label)) {
        throw new IllegalArgumentException("calibration for label '" + label + "', which has no prompts");
      }
    }
    advisories = advisories == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(advisories));
    for (Map.Entry<String, LabelAdvisory> a : advisories.entrySet()) {
      requireCalibratedLabel(a.getKey(), "advisories", prompts, calibration);
      if (a.getValue() == null) {
        throw new IllegalArgumentException("advisories." + a.getKey() + " is empty (give kind, priority, threshold, "
            + "windows_to_raise and smoothing, or leave the label out)");
      }
    }
    evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(evidence));
    for (Map.Entry<String, String> e : evidence.entrySet()) {
      requireCalibratedLabel(e.getKey(), "evidence", prompts, calibration);
      if (e.getValue() == null || !LabelAdvisory.KIND.matcher(e.getValue()).matches()) {
        throw new IllegalArgumentException("evidence." + e.getKey() + " must name a detector alarm kind in upper snake "
            + "case such as ST_DEVIATION, got '" + e.getValue() + "'");
      }
    }
  }

  private static void requireCalibratedLabel(String label, String field, Map<String, List<String>> prompts,
      Map<String, ZeroShotCalibration> calibration) {
    if (!prompts.containsKey(label)) {
      throw new IllegalArgumentException(field + " names label '" + label + "', which has no prompts (have "
          + prompts.keySet() + ")");
    }
    if (!calibration.containsKey(label)) {
      throw new IllegalArgumentException(field + " names label '" + label + "', which has no calibration: its "
          + "threshold would not be a probability (calibrate it, e.g. './ecg eval --advisory-labels')");
    }
  }

  /** This manifest with {@code files} replaced; how {@link BundleWriter} records checksums. */
  public BundleManifest withFiles(Map<String, String> newFiles) {
    return new BundleManifest(formatVersion, name, version, created, gitCommit, config, trainingData,
        metrics, inputSpec, textSpec, embeddingSize, onnxOpset, newFiles, prompts, calibration, advisories, evidence);
  }

  /** Whether zero-shot scores come with per-label calibration. */
  public boolean calibrated() {
    return !calibration.isEmpty();
  }

  private static Map<String, Double> checkedMetrics(Map<String, Double> metrics) {
    if (metrics == null) {
      return Map.of();
    }
    metrics.forEach((key, value) -> {
      ManifestChecks.requireText(key, "metrics key");
      if (value == null || !Double.isFinite(value)) {
        throw new IllegalArgumentException("metrics." + key + " must be a finite number, got " + value);
      }
    });
    return Collections.unmodifiableMap(new TreeMap<>(metrics));
  }

  private static Map<String, String> checkedFiles(Map<String, String> files) {
    if (files == null) {
      return Map.of();
    }
    files.forEach((file, sha256) -> {
      ManifestChecks.requireFileName(file, "files key");
      if (!Sha256.isHexDigest(sha256)) {
        throw new IllegalArgumentException(
            "files." + file + " must be a sha256 of 64 lowercase hex digits, got '" + sha256 + "'");
      }
    });
    return Collections.unmodifiableMap(new TreeMap<>(files));
  }

  private static Map<String, List<String>> checkedPrompts(Map<String, List<String>> prompts) {
    if (prompts == null) {
      return Map.of();
    }
    Map<String, List<String>> copy = new TreeMap<>();
    prompts.forEach((label, texts) -> {
      ManifestChecks.requireText(label, "prompts key");
      if (texts == null || texts.isEmpty() || texts.stream().anyMatch(t -> t == null || t.isBlank())) {
        throw new IllegalArgumentException("prompts." + label + " needs at least one non-blank prompt text");
      }
      copy.put(label, List.copyOf(texts));
    });
    return Collections.unmodifiableMap(copy);
  }
}
