package org.ecgstream.trainer.export;

import static org.ecgstream.trainer.export.OnnxGraphBuilder.integer;
import static org.ecgstream.trainer.export.OnnxGraphBuilder.ints;
import static org.ecgstream.trainer.export.OnnxGraphBuilder.real;

/**
 * The C-MELT model blocks ({@code Dense}, {@code LayerNormalization}, GELU, multi-head attention,
 * pre-norm transformer layer, L2 normalisation) written as opset-17 ONNX nodes with the trained
 * weights as initializers. Each method mirrors the DJL block of the same name, op for op, so the
 * two agree to float rounding; batch and sequence length stay symbolic (shape constants use 0/-1).
 */
final class CmeltOnnxBlocks {

  /** Same constants as the DJL blocks: layer-norm epsilon, masked attention score, norm floor. */
  static final float LAYER_NORM_EPSILON = 1e-5f;
  static final float MASKED_SCORE = -1e4f;
  static final float NORM_FLOOR = 1e-6f;

  private final OnnxGraphBuilder g;
  private final CmeltWeights weights;
  private final int width;
  private final int heads;
  private final String one;

  CmeltOnnxBlocks(OnnxGraphBuilder graph, CmeltWeights weights, int width, int heads) {
    this.g = graph;
    this.weights = weights;
    this.width = width;
    this.heads = heads;
    this.one = g.scalar("one", 1f);
  }

  OnnxGraphBuilder graph() {
    return g;
  }

  /** x W^T + b on the last axis, for the Dense block at {@code path}. */
  String dense(String path, String x) {
    long[] shape = weights.shape(path + "_weight");
    String w = g.floats(path + "_weight_t", weights.transposedMatrix(path + "_weight"), shape[1], shape[0]);
    String b = g.floats(path + "_bias", weights.values(path + "_bias"), shape[0]);
    String product = g.node("MatMul", path + "_matmul", new String[] {x, w});
    return g.node("Add", path + "_out", new String[] {product, b});
  }

  /** Layer normalisation over the last axis (ONNX LayerNormalization, opset 17). */
  String layerNorm(String path, String x) {
    String gamma = g.floats(path + "_gamma", weights.values(path + "_gamma"), weights.shape(path + "_gamma"));
    String beta = g.floats(path + "_beta", weights.values(path + "_beta"), weights.shape(path + "_beta"));
    return g.node("LayerNormalization", path + "_out", new String[] {x, gamma, beta},
        integer("axis", -1), real("epsilon", LAYER_NORM_EPSILON));
  }

  /** Exact GELU, 0.5 x (1 + erf(x / sqrt 2)); opset 17 has no Gelu op. */
  String gelu(String name, String x) {
    String root2 = g.scalar(name + "_sqrt2", (float) Math.sqrt(2.0));
    String half = g.scalar(name + "_half", 0.5f);
    String erf = g.node("Erf", name + "_erf", new String[] {g.node("Div", name + "_scaled", new String[] {x, root2})});
    String gate = g.node("Add", name + "_gate", new String[] {erf, one});
    String gated = g.node("Mul", name + "_gated", new String[] {x, gate});
    return g.node("Mul", name + "_out", new String[] {gated, half});
  }

  /** Additive attention penalty (B, 1, 1, Lk) from a key mask (B, Lk): 0 for tokens, -1e4 for padding. */
  String keyPenalty(String name, String mask) {
    String hidden = g.node("Sub", name + "_hidden", new String[] {one, mask});
    String scaled = g.node("Mul", name + "_scaled", new String[] {hidden, g.scalar(name + "_score", MASKED_SCORE)});
    return g.node("Unsqueeze", name, new String[] {scaled, g.vector(name + "_axes", 1, 2)});
  }

  /** Multi-head self-attention of x (B, L, D), with an optional key penalty (null for none). */
  String selfAttention(String path, String x, String penalty) {
    int headWidth = width / heads;
    String split = g.vector(path + "_split_shape", 0, 0, heads, headWidth);
    String q = heads(path + "_q", dense(path + "_query", x), split, 0, 2, 1, 3);
    String kT = heads(path + "_k", dense(path + "_key", x), split, 0, 2, 3, 1);
    String v = heads(path + "_v", dense(path + "_value", x), split, 0, 2, 1, 3);
    String raw = g.node("MatMul", path + "_raw_scores", new String[] {q, kT});
    String scores = g.node("Div", path + "_scores",
        new String[] {raw, g.scalar(path + "_sqrt_dh", (float) Math.sqrt(headWidth))});
    if (penalty != null) {
      scores = g.node("Add", path + "_masked_scores", new String[] {scores, penalty});
    }
    String weightsOut = g.node("Softmax", path + "_weights", new String[] {scores}, integer("axis", -1));
    String attended = g.node("MatMul", path + "_attended", new String[] {weightsOut, v});
    String merged = g.node("Transpose", path + "_merged_t", new String[] {attended}, ints("perm", 0, 2, 1, 3));
    String flat = g.node("Reshape", path + "_merged",
        new String[] {merged, g.vector(path + "_merge_shape", 0, 0, width)});
    return dense(path + "_output", flat);
  }

  /** Pre-norm layer: x + SelfAttn(LN(x)), then x + FFN(LN(x)) with a GELU feed-forward. */
  String transformerLayer(String path, String x, String penalty) {
    String h = layerNorm(path + "_self_norm", x);
    x = g.node("Add", path + "_after_attention", new String[] {x, selfAttention(path + "_self_attention", h, penalty)});
    String f = layerNorm(path + "_ff_norm", x);
    String inner = gelu(path + "_ff_gelu", dense(path + "_ff_in", f));
    return g.node("Add", path + "_out", new String[] {x, dense(path + "_ff_out", inner)});
  }

  /** x / max(||x||_2, 1e-6) over the last axis. */
  String l2Normalise(String name, String x) {
    String norm = g.node("ReduceL2", name + "_norm", new String[] {x}, ints("axes", -1), integer("keepdims", 1));
    String floor = g.node("Max", name + "_floored", new String[] {norm, g.scalar(name + "_floor", NORM_FLOOR)});
    return g.node("Div", name, new String[] {x, floor});
  }

  private String heads(String name, String projected, String splitShape, long... perm) {
    String split = g.node("Reshape", name + "_split", new String[] {projected, splitShape});
    return g.node("Transpose", name + "_heads", new String[] {split}, ints("perm", perm));
  }
}
