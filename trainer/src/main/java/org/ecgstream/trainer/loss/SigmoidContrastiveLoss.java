package org.ecgstream.trainer.loss;

import ai.djl.ndarray.NDArray;

/**
 * SigLIP's pairwise sigmoid loss (Zhai et al., "Sigmoid Loss for Language Image Pre-Training",
 * 2023) on L2-normalised ECG and report embeddings, as C-MELT uses it: every ECG-report pair in the
 * batch is a binary problem with logit {@code exp(logScale) * <e_i, t_j> + bias}; off-diagonal pairs
 * are negatives and the diagonal's target is the pair's match label (a row may carry a deliberately
 * mismatched report). Loss = sum over pairs of -log sigmoid(z_ij * logit_ij), divided by B.
 */
public final class SigmoidContrastiveLoss {

  private SigmoidContrastiveLoss() {}

  /**
   * @param ecg (B, E) normalised ECG embeddings
   * @param text (B, E) normalised report embeddings, row i paired with ECG i
   * @param match (B) 1 where report i belongs to ECG i, 0 where it was drawn as a negative
   * @param logScale (1) log temperature
   * @param bias (1) logit bias
   * @return scalar loss
   */
  public static NDArray of(NDArray ecg, NDArray text, NDArray match, NDArray logScale, NDArray bias) {
    long batch = ecg.getShape().get(0);
    NDArray logits = ecg.matMul(text.transpose()).mul(logScale.exp()).add(bias);
    NDArray eye = ecg.getManager().eye((int) batch).toType(logits.getDataType(), false);
    // z = -1 everywhere, and 2 * match - 1 on the diagonal.
    NDArray diagonalTarget = match.mul(2f).sub(1f);
    NDArray z = eye.mul(diagonalTarget.reshape(batch, 1).add(1f)).sub(1f);
    return Softplus.of(z.mul(logits).neg()).sum().div((float) batch);
  }
}
