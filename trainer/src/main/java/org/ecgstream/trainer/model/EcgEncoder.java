package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ECG encoder: a stack of strided convolutions turns raw leads (B, L, T) into patch tokens,
 * a lead-presence embedding says which leads carried signal, masked patches are replaced by a
 * learned mask token, a grouped convolution adds relative position (wav2vec 2.0 style), and a
 * transformer mixes the tokens. Output (B, N, D) with N = ceil(T / patch).
 */
public final class EcgEncoder extends ModelBlock {

  private final CmeltConfig config;
  final List<Parameter> convWeights = new ArrayList<>();
  final List<Parameter> convBiases = new ArrayList<>();
  final LayerNormalization featureNorm;
  final Dense featureProjection;
  final Dense leadEmbedding;
  final Parameter maskToken;
  final Parameter positionalWeight;
  final Parameter positionalBias;
  final List<TransformerLayer> layers = new ArrayList<>();
  final LayerNormalization finalNorm;

  EcgEncoder(CmeltConfig config) {
    this.config = config;
    int in = config.leadCount();
    int[] strides = config.convStrides();
    for (int i = 0; i < strides.length; i++) {
      int k = strides[i];
      // He initialisation: the convolutions see raw, unit-variance signal.
      convWeights.add(weight("conv" + i + "_weight", new Shape(config.convChannels(), in, k),
          (float) Math.sqrt(2.0 / (in * k))));
      convBiases.add(constant("conv" + i + "_bias", Parameter.Type.BIAS, new Shape(config.convChannels()),
          Initializer.ZEROS));
      in = config.convChannels();
    }
    int d = config.width();
    this.featureNorm = addChildBlock("feature_norm", new LayerNormalization(config.convChannels()));
    this.featureProjection = addChildBlock("feature_projection", new Dense(config.convChannels(), d));
    this.leadEmbedding = addChildBlock("lead_embedding", new Dense(config.leadCount(), d));
    this.maskToken = weight("mask_token", new Shape(d), 0.02f);
    int groupWidth = d / config.positionalGroups();
    this.positionalWeight = weight("positional_weight", new Shape(d, groupWidth, config.positionalKernel()),
        (float) Math.sqrt(1.0 / (groupWidth * config.positionalKernel())));
    this.positionalBias = constant("positional_bias", Parameter.Type.BIAS, new Shape(d), Initializer.ZEROS);
    for (int i = 0; i < config.ecgLayers(); i++) {
      layers.add(addChildBlock("layer" + i,
          new TransformerLayer(d, config.heads(), config.ffWidth(), false, config.dropout())));
    }
    this.finalNorm = addChildBlock("final_norm", new LayerNormalization(d));
  }

  /**
   * Encodes a batch.
   *
   * @param signal (B, L, T) preprocessed leads
   * @param leadsShown (B, L) 1 where the encoder may see the lead, 0 where absent or masked
   * @param patchMask (B, N) 1 where a patch is masked for reconstruction, or null
   * @return tokens (B, N, D)
   */
  public NDArray encode(ParameterStore ps, NDArray signal, NDArray leadsShown, NDArray patchMask, boolean training) {
    long batch = signal.getShape().get(0);
    long length = signal.getShape().get(2);
    int leads = config.leadCount();
    NDArray x = signal.mul(leadsShown.reshape(batch, leads, 1));
    long padded = (long) config.ecgTokens() * config.patchSamples();
    if (padded > length) {
      x = x.concat(x.getManager().zeros(new Shape(batch, leads, padded - length), x.getDataType()), 2);
    }
    int[] strides = config.convStrides();
    for (int i = 0; i < strides.length; i++) {
      Shape stride = new Shape(strides[i]);
      x = Conv1d.conv1d(x, value(ps, convWeights.get(i), x, training), value(ps, convBiases.get(i), x, training),
              stride, new Shape(0), new Shape(1), 1)
          .singletonOrThrow();
      x = Activation.gelu(x);
    }
    NDArray tokens = featureProjection.apply(ps, featureNorm.apply(ps, x.transpose(0, 2, 1), training), training);
    tokens = tokens.add(leadEmbedding.apply(ps, leadsShown, training).expandDims(1));
    if (patchMask != null) {
      NDArray m = patchMask.expandDims(2);
      tokens = tokens.mul(m.neg().add(1f)).add(m.mul(value(ps, maskToken, tokens, training)));
    }
    NDArray channelsFirst = tokens.transpose(0, 2, 1);
    NDArray position = Conv1d.conv1d(channelsFirst, value(ps, positionalWeight, tokens, training),
            value(ps, positionalBias, tokens, training), new Shape(1),
            new Shape(config.positionalKernel() / 2), new Shape(1), config.positionalGroups())
        .singletonOrThrow();
    tokens = tokens.add(Activation.gelu(position).transpose(0, 2, 1));
    for (TransformerLayer layer : layers) {
      tokens = layer.apply(ps, tokens, null, training);
    }
    return finalNorm.apply(ps, tokens, training);
  }

  /** Mean of the tokens: (B, N, D) to (B, D). */
  public static NDArray pool(NDArray tokens) {
    return tokens.mean(new int[] {1});
  }
}
