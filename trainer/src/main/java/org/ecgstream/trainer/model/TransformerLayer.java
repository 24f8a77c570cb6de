package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;

/**
 * Pre-norm transformer layer: x + SelfAttn(LN(x)), then optionally x + CrossAttn(LN(x), memory),
 * then x + FFN(LN(x)) with a GELU feed-forward of width {@code ffWidth}. Shapes (B, L, D) in and out.
 */
final class TransformerLayer extends ModelBlock {

  final LayerNormalization selfNorm;
  final MultiHeadAttention selfAttention;
  final LayerNormalization crossNorm;
  final MultiHeadAttention crossAttention;
  final LayerNormalization ffNorm;
  final Dense ffIn;
  final Dense ffOut;
  private final float dropout;

  TransformerLayer(int width, int heads, int ffWidth, boolean withCrossAttention, float dropout) {
    this.selfNorm = addChildBlock("self_norm", new LayerNormalization(width));
    this.selfAttention = addChildBlock("self_attention", new MultiHeadAttention(width, heads));
    if (withCrossAttention) {
      this.crossNorm = addChildBlock("cross_norm", new LayerNormalization(width));
      this.crossAttention = addChildBlock("cross_attention", new MultiHeadAttention(width, heads));
    } else {
      this.crossNorm = null;
      this.crossAttention = null;
    }
    this.ffNorm = addChildBlock("ff_norm", new LayerNormalization(width));
    this.ffIn = addChildBlock("ff_in", new Dense(width, ffWidth));
    this.ffOut = addChildBlock("ff_out", new Dense(ffWidth, width));
    this.dropout = dropout;
  }

  boolean hasCrossAttention() {
    return crossAttention != null;
  }

  /** Self-attention only (encoders). */
  NDArray apply(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
    return apply(ps, x, mask, null, null, training);
  }

  /** With cross-attention to {@code memory} (B, Lm, D) when this layer has it (fusion). */
  NDArray apply(
      ParameterStore ps, NDArray x, NDArray mask, NDArray memory, NDArray memoryMask, boolean training) {
    NDArray h = selfNorm.apply(ps, x, training);
    x = x.add(drop(selfAttention.apply(ps, h, h, mask, training), training));
    if (crossAttention != null) {
      NDArray c = crossNorm.apply(ps, x, training);
      x = x.add(drop(crossAttention.apply(ps, c, memory, memoryMask, training), training));
    }
    NDArray f = ffNorm.apply(ps, x, training);
    NDArray ff = ffOut.apply(ps, Activation.gelu(ffIn.apply(ps, f, training)), training);
    return x.add(drop(ff, training));
  }

  private NDArray drop(NDArray x, boolean training) {
    return training && dropout > 0 ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
  }
}
