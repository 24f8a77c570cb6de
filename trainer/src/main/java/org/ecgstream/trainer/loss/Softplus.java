package org.ecgstream.trainer.loss;

import ai.djl.ndarray.NDArray;

/** softplus(x) = log(1 + e^x) computed without overflow: max(x, 0) + log(1 + e^-|x|). */
final class Softplus {

  private Softplus() {}

  static NDArray of(NDArray x) {
    return x.maximum(0f).add(x.abs().neg().exp().add(1f).log());
  }
}
