package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Cross-modal fusion: report tokens attend to themselves and then to the ECG tokens, layer by
 * layer. Feeds the masked-language head (predict masked words from the report and the ECG) and
 * the matching head (does this report describe this ECG). (B, Lt, D) and (B, N, D) in, (B, Lt, D) out.
 */
public final class FusionEncoder extends ModelBlock {

  final List<TransformerLayer> layers = new ArrayList<>();
  final LayerNormalization finalNorm;

  FusionEncoder(CmeltConfig config) {
    for (int i = 0; i < config.fusionLayers(); i++) {
      layers.add(addChildBlock("layer" + i,
          new TransformerLayer(config.width(), config.heads(), config.ffWidth(), true, config.dropout())));
    }
    this.finalNorm = addChildBlock("final_norm", new LayerNormalization(config.width()));
  }

  NDArray fuse(ParameterStore ps, NDArray text, NDArray attention, NDArray ecg, boolean training) {
    NDArray x = text;
    for (TransformerLayer layer : layers) {
      x = layer.apply(ps, x, attention, ecg, null, training);
    }
    return finalNorm.apply(ps, x, training);
  }
}
