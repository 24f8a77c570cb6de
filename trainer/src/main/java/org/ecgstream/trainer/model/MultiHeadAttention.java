package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Scaled dot-product attention with {@code heads} heads (Vaswani et al. 2017). Query (B, Lq, D)
 * attends to keys and values (B, Lk, D); {@code keyMask} (B, Lk) is 1 for real positions and 0
 * for padding, which gets a large negative score.
 */
final class MultiHeadAttention extends ModelBlock {

  /** Added to the scores of padded keys; large enough to zero them, small enough for float16. */
  static final float MASKED_SCORE = -1e4f;

  final int width;
  final int heads;
  final Dense query;
  final Dense key;
  final Dense valueProjection;
  final Dense output;

  MultiHeadAttention(int width, int heads) {
    if (width % heads != 0) {
      throw new IllegalArgumentException("width " + width + " is not divisible by " + heads + " heads");
    }
    this.width = width;
    this.heads = heads;
    this.query = addChildBlock("query", new Dense(width, width));
    this.key = addChildBlock("key", new Dense(width, width));
    this.valueProjection = addChildBlock("value", new Dense(width, width));
    this.output = addChildBlock("output", new Dense(width, width));
  }

  NDArray apply(ParameterStore ps, NDArray x, NDArray keyValues, NDArray keyMask, boolean training) {
    long batch = x.getShape().get(0);
    long lq = x.getShape().get(1);
    long lk = keyValues.getShape().get(1);
    int headWidth = width / heads;
    NDArray q = split(query.apply(ps, x, training), batch, lq, headWidth);
    NDArray k = split(key.apply(ps, keyValues, training), batch, lk, headWidth);
    NDArray v = split(valueProjection.apply(ps, keyValues, training), batch, lk, headWidth);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headWidth));
    if (keyMask != null) {
      // (B, Lk) -> (B, 1, 1, Lk): 0 for real keys, MASKED_SCORE for padding.
      NDArray penalty = keyMask.neg().add(1f).mul(MASKED_SCORE).reshape(batch, 1, 1, lk);
      scores = scores.add(penalty);
    }
    NDArray attended = scores.softmax(-1).matMul(v); // (B, H, Lq, dh)
    NDArray merged = attended.transpose(0, 2, 1, 3).reshape(batch, lq, width);
    return output.apply(ps, merged, training);
  }

  private NDArray split(NDArray projected, long batch, long length, int headWidth) {
    return projected.reshape(batch, length, heads, headWidth).transpose(0, 2, 1, 3);
  }
}
