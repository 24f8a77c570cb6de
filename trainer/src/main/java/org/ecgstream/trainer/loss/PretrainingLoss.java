package org.ecgstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import org.ecgstream.trainer.model.CmeltConfig.LossWeights;

/**
 * The C-MELT total: a weighted sum of masked ECG, masked language, matching and sigmoid
 * contrastive losses (the reference implementation weights all four by 1). Objectives a batch does
 * not have (an unpaired ECG batch has no report) are null and count as 0.
 */
public record PretrainingLoss(NDArray maskedEcg, NDArray maskedLanguage, NDArray matching, NDArray sigmoidContrastive) {

  public NDArray total(LossWeights w) {
    NDArray sum = maskedEcg.mul(w.maskedEcg());
    if (maskedLanguage != null) {
      sum = sum.add(maskedLanguage.mul(w.maskedLanguage()));
    }
    if (matching != null) {
      sum = sum.add(matching.mul(w.matching()));
    }
    if (sigmoidContrastive != null) {
      sum = sum.add(sigmoidContrastive.mul(w.sigmoidContrastive()));
    }
    return sum;
  }

  /** The parts as plain numbers for progress output; NaN for an objective the batch did not have. */
  public float[] parts() {
    return new float[] {scalar(maskedEcg), scalar(maskedLanguage), scalar(matching), scalar(sigmoidContrastive)};
  }

  private static float scalar(NDArray x) {
    return x == null ? Float.NaN : x.getFloat();
  }
}
