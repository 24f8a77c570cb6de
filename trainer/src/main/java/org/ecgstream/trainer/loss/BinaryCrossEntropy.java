package org.ecgstream.trainer.loss;

import ai.djl.ndarray.NDArray;

/** Binary cross-entropy on logits, mean over every element: mean(softplus(x) - y * x). */
public final class BinaryCrossEntropy {

  private BinaryCrossEntropy() {}

  /** @param logits any shape @param labels the same shape, 0 or 1 (or a probability) */
  public static NDArray withLogits(NDArray logits, NDArray labels) {
    return Softplus.of(logits).sub(labels.mul(logits)).mean();
  }
}
