package org.ecgstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.ecgstream.trainer.loss.EcgTextMatchingLoss;
import org.ecgstream.trainer.loss.MaskedEcgLoss;
import org.ecgstream.trainer.loss.MaskedLanguageLoss;
import org.ecgstream.trainer.loss.PretrainingLoss;
import org.ecgstream.trainer.loss.SigmoidContrastiveLoss;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;

/**
 * The forward pass of one pre-training step: the masked ECG is encoded and its patches
 * reconstructed; for pairs, the unmasked ECG (leads still masked) is embedded and fused with the
 * report for the contrastive, matching and masked-language objectives.
 */
public final class PretrainingStep {

  private final CmeltModel model;
  private final ParameterStore parameters;

  public PretrainingStep(CmeltModel model, ParameterStore parameters) {
    this.model = model;
    this.parameters = parameters;
  }

  /** Every objective of {@code batch}; arrays are created in {@code manager}. */
  public PretrainingLoss losses(NDManager manager, PretrainingBatch batch, boolean training) {
    CmeltConfig c = model.config();
    int b = batch.size();
    NDArray signal = manager.create(batch.signals(), new Shape(b, c.leadCount(), c.input().windowSamples()));
    NDArray recorded = manager.create(batch.leadsRecorded(), new Shape(b, c.leadCount()));
    NDArray shown = manager.create(batch.leadsShown(), new Shape(b, c.leadCount()));
    NDArray patchMask = manager.create(batch.patchMask(), new Shape(b, c.ecgTokens()));

    NDArray maskedTokens = model.ecgTokens(parameters, signal, shown, patchMask, training);
    NDArray reconstructed = model.reconstruct(parameters, maskedTokens, training);
    NDArray maskedEcg = MaskedEcgLoss.of(reconstructed, signal, recorded, patchMask, c.patchSamples());
    if (!batch.paired()) {
      return new PretrainingLoss(maskedEcg, null, null, null);
    }
    Shape textShape = new Shape(b, c.maxTextTokens());
    NDArray ids = manager.create(batch.reportIds(), textShape);
    NDArray attention = manager.create(batch.reportAttention(), textShape);
    NDArray maskedIds = manager.create(batch.maskedReportIds(), textShape);
    NDArray languageMask = manager.create(batch.languageMask(), textShape);
    NDArray match = manager.create(batch.match());

    NDArray ecgTokens = model.ecgTokens(parameters, signal, shown, null, training);
    NDArray textTokens = model.textTokens(parameters, ids, attention, training);
    NDArray[] scaleAndBias = model.sigmoidLossScaleAndBias(parameters, signal, training);
    NDArray contrastive = SigmoidContrastiveLoss.of(
        model.ecgEmbedding(parameters, ecgTokens, training),
        model.textEmbedding(parameters, textTokens, training),
        match, scaleAndBias[0], scaleAndBias[1]);
    NDArray matching = EcgTextMatchingLoss.of(
        model.matchingLogits(parameters, model.fuse(parameters, textTokens, attention, ecgTokens, training), training),
        match);
    NDArray maskedTextTokens = model.textTokens(parameters, maskedIds, attention, training);
    NDArray fusedMasked = model.fuse(parameters, maskedTextTokens, attention, ecgTokens, training);
    NDArray language = MaskedLanguageLoss.of(model.languageLogits(parameters, fusedMasked, training), ids, languageMask);
    return new PretrainingLoss(maskedEcg, language, matching, contrastive);
  }
}
