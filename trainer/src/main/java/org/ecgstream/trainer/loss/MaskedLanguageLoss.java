package org.ecgstream.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * Masked-language modelling (Devlin et al., BERT): cross-entropy of the vocabulary logits at the
 * masked report positions only, averaged over those positions.
 */
public final class MaskedLanguageLoss {

  private MaskedLanguageLoss() {}

  /**
   * @param logits (B, Lt, V) vocabulary logits
   * @param targets (B, Lt) the original token ids (int64)
   * @param masked (B, Lt) 1 where a token was masked and must be predicted
   * @return scalar loss (0 when nothing is masked)
   */
  public static NDArray of(NDArray logits, NDArray targets, NDArray masked) {
    int vocabulary = (int) logits.getShape().get(2);
    NDArray logProbability = logits.logSoftmax(-1).mul(targets.oneHot(vocabulary)).sum(new int[] {-1});
    NDArray count = masked.sum().maximum(1f);
    return logProbability.mul(masked).sum().neg().div(count);
  }
}
