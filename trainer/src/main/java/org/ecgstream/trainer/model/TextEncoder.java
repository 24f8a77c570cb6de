package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The report encoder: token and learned position embeddings, then a transformer over the report
 * with padding masked. Input ids and attention mask (B, Lt); output (B, Lt, D); the [CLS] token
 * (position 0) is the pooled report.
 */
public final class TextEncoder extends ModelBlock {

  final Parameter tokenEmbedding;
  final Parameter positionEmbedding;
  final List<TransformerLayer> layers = new ArrayList<>();
  final LayerNormalization finalNorm;

  TextEncoder(CmeltConfig config, int vocabularySize) {
    int d = config.width();
    this.tokenEmbedding = weight("token_embedding", new Shape(vocabularySize, d), 0.02f);
    this.positionEmbedding = weight("position_embedding", new Shape(config.maxTextTokens(), d), 0.02f);
    for (int i = 0; i < config.textLayers(); i++) {
      layers.add(addChildBlock("layer" + i,
          new TransformerLayer(d, config.heads(), config.ffWidth(), false, config.dropout())));
    }
    this.finalNorm = addChildBlock("final_norm", new LayerNormalization(d));
  }

  /** Token plus position embeddings of {@code ids} (B, Lt): (B, Lt, D). */
  NDArray embed(ParameterStore ps, NDArray ids, boolean training) {
    NDArray table = value(ps, tokenEmbedding, ids, training);
    NDArray tokens = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    long length = ids.getShape().get(1);
    NDArray positions = value(ps, positionEmbedding, ids, training).get("0:" + length);
    return tokens.add(positions.expandDims(0));
  }

  /**
   * Encodes reports.
   *
   * @param ids (B, Lt) token ids, int64
   * @param attention (B, Lt) 1 for tokens, 0 for padding
   * @return tokens (B, Lt, D)
   */
  public NDArray encode(ParameterStore ps, NDArray ids, NDArray attention, boolean training) {
    NDArray x = embed(ps, ids, training);
    for (TransformerLayer layer : layers) {
      x = layer.apply(ps, x, attention, training);
    }
    return finalNorm.apply(ps, x, training);
  }
}
