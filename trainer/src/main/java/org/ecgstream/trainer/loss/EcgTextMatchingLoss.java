package org.ecgstream.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * ECG-report matching: binary cross-entropy of the fusion [CLS] logit against "this report belongs
 * to this ECG", mean over the batch. With logits x and labels y: mean(softplus(x) - y * x).
 */
public final class EcgTextMatchingLoss {

  private EcgTextMatchingLoss() {}

  /** @param logits (B) matching logits @param match (B) 1 for true pairs, 0 for negatives */
  public static NDArray of(NDArray logits, NDArray match) {
    return BinaryCrossEntropy.withLogits(logits, match);
  }
}
