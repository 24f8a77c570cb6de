package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;

/**
 * C-MELT: ECG encoder, report encoder, cross-modal fusion with masked-language and matching heads,
 * a masked-patch decoder, and projections into a joint embedding with a learned sigmoid-loss
 * temperature and bias (Zhai et al., SigLIP, 2023). The training objectives live in
 * {@code org.ecgstream.trainer.loss}; this class only computes.
 */
public final class CmeltModel extends ModelBlock {

  /** SigLIP's initial log temperature (t = 10) and bias (-10). */
  static final float INITIAL_LOG_SCALE = (float) Math.log(10);
  static final float INITIAL_BIAS = -10f;

  private final CmeltConfig config;
  private final int vocabularySize;
  final EcgEncoder ecgEncoder;
  final TextEncoder textEncoder;
  final FusionEncoder fusion;
  final Dense languageHead;
  final Dense matchingHead;
  final EcgPatchDecoder decoder;
  final Dense ecgProjection;
  final Dense textProjection;
  final Parameter logScale;
  final Parameter logitBias;

  public CmeltModel(CmeltConfig config, int vocabularySize) {
    this.config = config;
    this.vocabularySize = vocabularySize;
    this.ecgEncoder = addChildBlock("ecg_encoder", new EcgEncoder(config));
    this.textEncoder = addChildBlock("text_encoder", new TextEncoder(config, vocabularySize));
    this.fusion = addChildBlock("fusion", new FusionEncoder(config));
    this.languageHead = addChildBlock("language_head", new Dense(config.width(), vocabularySize));
    this.matchingHead = addChildBlock("matching_head", new Dense(config.width(), 1));
    this.decoder = addChildBlock("decoder", new EcgPatchDecoder(config));
    this.ecgProjection = addChildBlock("ecg_projection", new Dense(config.width(), config.embeddingSize()));
    this.textProjection = addChildBlock("text_projection", new Dense(config.width(), config.embeddingSize()));
    this.logScale = constant("log_scale", Parameter.Type.OTHER, new Shape(1),
        new ConstantInitializer(INITIAL_LOG_SCALE));
    this.logitBias = constant("logit_bias", Parameter.Type.OTHER, new Shape(1),
        new ConstantInitializer(INITIAL_BIAS));
  }

  public CmeltConfig config() {
    return config;
  }

  /** The ECG encoder alone (for baselines that train only it). */
  public EcgEncoder ecgEncoder() {
    return ecgEncoder;
  }

  public int vocabularySize() {
    return vocabularySize;
  }

  /** Allocates and initialises every parameter; call once before use or before loading weights. */
  public void initialize(NDManager manager) {
    initialize(manager, DataType.FLOAT32, new Shape(1, config.leadCount(), config.input().windowSamples()));
  }

  /** ECG tokens (B, N, D) for leads (B, L, T), the leads shown (B, L) and an optional patch mask (B, N). */
  public NDArray ecgTokens(
      ParameterStore ps, NDArray signal, NDArray leadsShown, NDArray patchMask, boolean training) {
    return ecgEncoder.encode(ps, signal, leadsShown, patchMask, training);
  }

  /** Report tokens (B, Lt, D). */
  public NDArray textTokens(ParameterStore ps, NDArray ids, NDArray attention, boolean training) {
    return textEncoder.encode(ps, ids, attention, training);
  }

  /** L2-normalised joint embedding of ECG tokens: (B, N, D) to (B, E). */
  public NDArray ecgEmbedding(ParameterStore ps, NDArray ecgTokens, boolean training) {
    return normalise(ecgProjection.apply(ps, EcgEncoder.pool(ecgTokens), training));
  }

  /** L2-normalised joint embedding of report tokens from their [CLS] token: (B, Lt, D) to (B, E). */
  public NDArray textEmbedding(ParameterStore ps, NDArray textTokens, boolean training) {
    return normalise(textProjection.apply(ps, textTokens.get(":, 0, :"), training));
  }

  /** Fused report tokens (B, Lt, D) conditioned on the ECG tokens. */
  public NDArray fuse(ParameterStore ps, NDArray textTokens, NDArray attention, NDArray ecgTokens, boolean training) {
    return fusion.fuse(ps, textTokens, attention, ecgTokens, training);
  }

  /** Vocabulary logits (B, Lt, V) of the masked-language head. */
  public NDArray languageLogits(ParameterStore ps, NDArray fused, boolean training) {
    return languageHead.apply(ps, fused, training);
  }

  /** Matching logit (B) of the ECG-report matching head, from the fused [CLS] token. */
  public NDArray matchingLogits(ParameterStore ps, NDArray fused, boolean training) {
    return matchingHead.apply(ps, fused.get(":, 0, :"), training).squeeze(-1);
  }

  /** Reconstructed patches (B, N, L * patch) from ECG tokens. */
  public NDArray reconstruct(ParameterStore ps, NDArray ecgTokens, boolean training) {
    return decoder.reconstruct(ps, ecgTokens, training);
  }

  /** The SigLIP log temperature and bias (each shape (1)). */
  public NDArray[] sigmoidLossScaleAndBias(ParameterStore ps, NDArray like, boolean training) {
    return new NDArray[] {value(ps, logScale, like, training), value(ps, logitBias, like, training)};
  }

  /** The learned SigLIP temperature exp(logScale) and bias, as plain numbers (for calibration). */
  public float[] sigmoidScaleAndBias() {
    return new float[] {(float) Math.exp(logScale.getArray().getFloat()), logitBias.getArray().getFloat()};
  }

  static NDArray normalise(NDArray x) {
    return x.div(x.norm(new int[] {-1}, true).maximum(1e-6f));
  }
}
