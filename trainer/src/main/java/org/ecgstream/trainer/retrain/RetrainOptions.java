package org.ecgstream.trainer.retrain;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything one re-training run is told, validated up front so a bad flag fails before any
 * minute of training.
 *
 * @param archive base of the archive the alarm job writes (ecg.archive.base)
 * @param dataRoot folder laid out like ../shared/data: the base data set (ptbxl/, ptbxl-reports/,
 *     cinc2017/, mitdb/), the parity inputs and the held-out set (cinc2017/)
 * @param configName model configuration expected of the parent ("tiny", "base")
 * @param steps optimiser steps of continued pre-training
 * @param learningRate peak learning rate; null: a tenth of the parent configuration's
 * @param baseShare share of base-data examples in the training pools, [0, 1]
 * @param simulatedPairs simulated ECG-report pairs in the base data set
 * @param maxUnpaired cap on the base data set's unpaired windows
 * @param maxWindowsPerRecording windows cut from one archived recording at most
 * @param heldOutRecordings recordings of the held-out test subset (and as many for the probe)
 * @param gate the metrics gated and the tolerance
 * @param seed seed of the mix, the simulation and the training steps
 * @param modelName name the candidate is exported under
 * @param candidateVersion semantic version of the candidate
 * @param gitCommit commit of the training code, for the manifest
 * @param allowLabelLoss let a candidate pass the gate although it loses a label, advisory or
 *     evidence the parent serves (its re-evaluation fell below the rule, or PTB-XL is missing)
 */
public record RetrainOptions(Path archive, Path dataRoot, String configName, int steps, Float learningRate,
    double baseShare, int simulatedPairs, int maxUnpaired, int maxWindowsPerRecording, int heldOutRecordings,
    RetrainGate gate, long seed, String modelName, String candidateVersion, String gitCommit,
    boolean allowLabelLoss) {

  public RetrainOptions {
    Objects.requireNonNull(archive, "archive (--archive)");
    Objects.requireNonNull(dataRoot, "data folder (--data)");
    Objects.requireNonNull(configName, "configuration (--config)");
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(modelName, "model name (--name)");
    Objects.requireNonNull(candidateVersion, "candidate version");
    Objects.requireNonNull(gitCommit, "git commit");
    require(steps >= 1, "--steps must be at least 1, got " + steps);
    require(learningRate == null || (learningRate > 0 && learningRate < 1),
        "--learning-rate must lie in (0, 1), got " + learningRate);
    require(baseShare >= 0 && baseShare <= 1,
        "--base-mix must be a share in [0, 1] (0: archive only, 1: base data only), got " + baseShare);
    require(simulatedPairs >= 0, "--simulated must not be negative, got " + simulatedPairs);
    require(maxUnpaired >= 0, "--max-unpaired must not be negative, got " + maxUnpaired);
    require(maxWindowsPerRecording >= 1, "--windows-per-recording must be at least 1, got " + maxWindowsPerRecording);
    require(heldOutRecordings >= 6, "--held-out needs at least 6 recordings (two per class), got " + heldOutRecordings);
  }

  /** The default gate: every held-out AUC within {@code toleranceAuc} of production. */
  public static RetrainGate defaultGate(double toleranceAuc) {
    return new RetrainGate(List.copyOf(HeldOutEvaluation.GATED), toleranceAuc);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
