package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * A linear classifier on pooled ECG tokens, for the supervised-from-scratch baseline: (B, D) to
 * (B, classes) logits.
 */
public final class ClassificationHead extends ModelBlock {

  private final Dense linear;

  public ClassificationHead(int width, int classes) {
    this.linear = addChildBlock("linear", new Dense(width, classes));
  }

  public NDArray logits(ParameterStore ps, NDArray pooled, boolean training) {
    return linear.apply(ps, pooled, training);
  }
}
