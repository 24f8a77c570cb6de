package org.ecgstream.flink.job;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.ManifestFile;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.alarms.AdvisoryDeclarations;
import org.ecgstream.flink.alarms.LabelAdvisories;

/**
 * Zero-shot labelling in the alarm job, validated on construction. Absent (null in
 * {@link AlarmJobConfig#model()}) means no model: no labels, the DSP job alone.
 *
 * @param bundleDir the model bundle directory (manifest.json, encoders, tokenizer, prompts)
 * @param device {@code cpu}, {@code cuda} or {@code cuda:N}; CUDA falls back to CPU with one warning
 * @param maxBatchSize most windows embedded in one ONNX Runtime call
 * @param maxWait longest a window waits for others to fill its batch
 * @param stride event time between consecutive windows of a patient (their length is the model's)
 * @param inferenceTimeout a window not labelled by then gets no label (counted), the job goes on
 * @param inFlightPerSubtask windows a subtask may have waiting for labels before it back-pressures
 * @param labelsTopic where labels go
 * @param afThreshold when set, the AF advisory of every served version starts when AF's smoothed
 *     calibrated probability reaches this, whatever its manifest declares; null (the default): each
 *     version's manifest decides
 * @param afWindows when set, ... on this many consecutive windows; null: each manifest decides
 * @param modelsTopic the registry topic to follow for hot swap ({@code ecg.models}), or null to
 *     serve {@code bundleDir} alone for the job's life; {@code bundleDir} is the first production model
 *     either way, and its input spec shapes the windows
 * @param storeDir the bundle store directory registry URIs are resolved in (null: URIs must be
 *     absolute {@code file:} paths)
 */
public record ModelConfig(
    String bundleDir,
    String device,
    int maxBatchSize,
    Duration maxWait,
    Duration stride,
    Duration inferenceTimeout,
    int inFlightPerSubtask,
    String labelsTopic,
    Double afThreshold,
    Integer afWindows,
    String modelsTopic,
    String storeDir)
    implements Serializable {

  /** A model served alone for the job's life (no registry topic). */
  public ModelConfig(String bundleDir, String device, int maxBatchSize, Duration maxWait, Duration stride,
      Duration inferenceTimeout, int inFlightPerSubtask, String labelsTopic, Double afThreshold, Integer afWindows) {
    this(bundleDir, device, maxBatchSize, maxWait, stride, inferenceTimeout, inFlightPerSubtask, labelsTopic,
        afThreshold, afWindows, null, null);
  }

  public ModelConfig {
    if (bundleDir == null || bundleDir.isBlank()) {
      throw new IllegalArgumentException("model bundle directory is empty (give --model-dir, or no model at all)");
    }
    ExecutionDevice.parse(device);
    if (maxBatchSize < 1 || maxBatchSize > 1024) {
      throw new IllegalArgumentException("max batch size must be 1..1024, got " + maxBatchSize);
    }
    if (maxWait.isNegative() || maxWait.toMillis() > 1000) {
      throw new IllegalArgumentException("max batch wait must be 0..1000 ms, got " + maxWait.toMillis() + " ms");
    }
    if (stride.toMillis() < 100) {
      throw new IllegalArgumentException("window stride must be at least 100 ms, got " + stride.toMillis() + " ms");
    }
    if (inferenceTimeout.toMillis() < 100 || inFlightPerSubtask < 1) {
      throw new IllegalArgumentException("inference timeout must be >= 100 ms and in-flight windows >= 1, got "
          + inferenceTimeout.toMillis() + " ms and " + inFlightPerSubtask);
    }
    if (afThreshold != null && !(afThreshold > 0 && afThreshold < 1)) {
      throw new IllegalArgumentException("AF advisory threshold must be a calibrated probability strictly between 0"
          + " and 1, got " + afThreshold + " (or leave it unset to use the manifest's)");
    }
    if (afWindows != null && afWindows < 1) {
      throw new IllegalArgumentException("AF advisory needs at least 1 window, got " + afWindows
          + " (or leave it unset to use the manifest's)");
    }
    if (modelsTopic != null && modelsTopic.isBlank()) {
      throw new IllegalArgumentException("models topic is blank (give --models-topic ecg.models, or leave it out)");
    }
  }

  /** Whether the job follows the registry topic and hot-swaps model versions. */
  public boolean followsRegistry() {
    return modelsTopic != null;
  }

  /**
   * The same model as the first production version, then whatever {@code topic} says, with
   * bundles resolved in {@code store} (may be null).
   */
  public ModelConfig followingRegistry(String topic, String store) {
    return new ModelConfig(bundleDir, device, maxBatchSize, maxWait, stride, inferenceTimeout, inFlightPerSubtask,
        labelsTopic, afThreshold, afWindows, topic, store);
  }

  /**
   * What each version's labels do in the alarm engine, live ({@link AdvisoryDeclarations}): the
   * first bundle's declaration read now (a manifest that cannot be read fails the job at start; its
   * ONNX files are verified where the job opens the bundle to serve it), later versions' from the
   * bundle store as they label, every one with the AF overrides when set.
   */
  public AdvisoryDeclarations advisoryDeclarations() {
    try {
      BundleManifest first = ManifestFile.read(Path.of(bundleDir)).manifest();
      return new AdvisoryDeclarations(first.name(), first.version(), LabelAdvisories.of(first), storeDir, afThreshold,
          afWindows);
    } catch (BundleException e) {
      throw new IllegalArgumentException("model bundle " + bundleDir + ": cannot read its advisories: " + e.getMessage(), e);
    }
  }

  /**
   * Defaults: CPU, batches of up to 32 waiting at most 20 ms, a window every 5 s, labels to
   * ecg.labels, advisories (AF's included) as each version's manifest declares them.
   */
  public static ModelConfig defaults(String bundleDir) {
    return new ModelConfig(bundleDir, "cpu", 32, Duration.ofMillis(20), Duration.ofSeconds(5),
        Duration.ofSeconds(30), 256, EcgTopics.LABELS.name(), null, null);
  }

  /**
   * The same with the AF advisory's threshold and windows fixed for every version (either may be
   * null: that one as each manifest declares).
   */
  public ModelConfig withAtrialFibrillation(Double threshold, Integer windows) {
    return new ModelConfig(bundleDir, device, maxBatchSize, maxWait, stride, inferenceTimeout, inFlightPerSubtask,
        labelsTopic, threshold, windows, modelsTopic, storeDir);
  }

  public ModelConfig onDevice(String newDevice) {
    return new ModelConfig(bundleDir, newDevice, maxBatchSize, maxWait, stride, inferenceTimeout, inFlightPerSubtask,
        labelsTopic, afThreshold, afWindows, modelsTopic, storeDir);
  }

  public ModelConfig withBatching(int newMaxBatchSize, Duration newMaxWait) {
    return new ModelConfig(bundleDir, device, newMaxBatchSize, newMaxWait, stride, inferenceTimeout,
        inFlightPerSubtask, labelsTopic, afThreshold, afWindows, modelsTopic, storeDir);
  }
}
