package org.ecgstream.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Masked ECG modelling (He et al., masked auto-encoders, applied to ECG patches): mean squared
 * error between reconstructed and true samples over the masked patches of the recorded leads only.
 * Leads hidden from the encoder by lead masking are still targets (the model learns to infer them);
 * leads never recorded are not.
 */
public final class MaskedEcgLoss {

  private MaskedEcgLoss() {}

  /**
   * @param reconstructed (B, N, L * P) predicted patches
   * @param signal (B, L, T) the true preprocessed leads
   * @param leadsRecorded (B, L) 1 for leads that carry signal
   * @param patchMask (B, N) 1 for masked patches
   * @param patchSamples P
   * @return scalar loss (0 when nothing is masked)
   */
  public static NDArray of(
      NDArray reconstructed, NDArray signal, NDArray leadsRecorded, NDArray patchMask, int patchSamples) {
    long batch = signal.getShape().get(0);
    long leads = signal.getShape().get(1);
    long tokens = patchMask.getShape().get(1);
    NDArray target = patches(signal, tokens, patchSamples);
    NDArray weight = patchMask.reshape(batch, tokens, 1, 1)
        .mul(leadsRecorded.reshape(batch, 1, leads, 1))
        .broadcast(new Shape(batch, tokens, leads, patchSamples))
        .reshape(batch, tokens, leads * patchSamples);
    NDArray squared = reconstructed.sub(target).square().mul(weight);
    return squared.sum().div(weight.sum().maximum(1f));
  }

  /** (B, L, T) to (B, N, L * P): the signal zero-padded to N whole patches, each patch all leads. */
  public static NDArray patches(NDArray signal, long tokens, int patchSamples) {
    long batch = signal.getShape().get(0);
    long leads = signal.getShape().get(1);
    long length = signal.getShape().get(2);
    long padded = tokens * patchSamples;
    NDArray x = signal;
    if (padded > length) {
      x = x.concat(x.getManager().zeros(new Shape(batch, leads, padded - length), x.getDataType()), 2);
    }
    return x.reshape(batch, leads, tokens, patchSamples).transpose(0, 2, 1, 3)
        .reshape(batch, tokens, leads * patchSamples);
  }
}
