package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The light decoder of masked ECG modelling (He et al., masked auto-encoders): narrows the encoder
 * tokens, adds positions, runs a few transformer layers and predicts every patch's samples of every
 * lead. (B, N, D) in, (B, N, L * patch) out.
 */
public final class EcgPatchDecoder extends ModelBlock {

  final Dense narrow;
  final Parameter positionEmbedding;
  final List<TransformerLayer> layers = new ArrayList<>();
  final LayerNormalization finalNorm;
  final Dense predict;

  EcgPatchDecoder(CmeltConfig config) {
    int w = config.decoderWidth();
    int heads = Math.max(1, w / 32);
    this.narrow = addChildBlock("narrow", new Dense(config.width(), w));
    this.positionEmbedding = weight("position_embedding", new Shape(config.ecgTokens(), w), 0.02f);
    for (int i = 0; i < config.decoderLayers(); i++) {
      layers.add(addChildBlock("layer" + i, new TransformerLayer(w, heads, 4 * w, false, 0f)));
    }
    this.finalNorm = addChildBlock("final_norm", new LayerNormalization(w));
    this.predict = addChildBlock("predict", new Dense(w, config.leadCount() * config.patchSamples()));
  }

  NDArray reconstruct(ParameterStore ps, NDArray tokens, boolean training) {
    NDArray x = narrow.apply(ps, tokens, training);
    x = x.add(value(ps, positionEmbedding, x, training).expandDims(0));
    for (TransformerLayer layer : layers) {
      x = layer.apply(ps, x, null, training);
    }
    return predict.apply(ps, finalNorm.apply(ps, x, training), training);
  }
}
