package org.ecgstream.trainer.model;

import java.util.Arrays;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.signal.StandardLeads;

/**
 * Sizes and training settings of one C-MELT configuration. {@link #tiny()} trains on two CPU cores
 * in minutes; {@link #base()} follows the reference implementation's sizes for a GPU.
 *
 * @param name configuration name, written into the bundle
 * @param input what a window looks like (leads, rate, length, filtering)
 * @param convStrides stride (= kernel) of each convolution of the ECG feature extractor; their
 *     product is the patch length in samples
 * @param convChannels channels of every convolution
 * @param width model width shared by the ECG, text and fusion transformers
 * @param heads attention heads
 * @param ffMultiplier feed-forward width as a multiple of {@code width}
 * @param ecgLayers ECG transformer layers
 * @param positionalKernel kernel of the convolutional positional encoding (odd)
 * @param positionalGroups groups of that convolution
 * @param textLayers text transformer layers
 * @param maxTextTokens report length in tokens, including [CLS] and [SEP]
 * @param vocabularySize tokenizer vocabulary size to train
 * @param fusionLayers cross-modal fusion layers (self-attention, cross-attention to ECG, FFN)
 * @param decoderWidth width of the masked-patch decoder
 * @param decoderLayers layers of the masked-patch decoder
 * @param embeddingSize size of the joint ECG-text embedding
 * @param patchMaskRatio fraction of ECG patches masked for reconstruction
 * @param leadMaskRatio fraction of recorded leads hidden from the encoder at random
 * @param mlmProbability fraction of report tokens masked for masked-language modelling
 * @param dropout dropout rate in the transformers
 * @param training optimiser and schedule
 */
public record CmeltConfig(
    String name,
    InputSpec input,
    int[] convStrides,
    int convChannels,
    int width,
    int heads,
    int ffMultiplier,
    int ecgLayers,
    int positionalKernel,
    int positionalGroups,
    int textLayers,
    int maxTextTokens,
    int vocabularySize,
    int fusionLayers,
    int decoderWidth,
    int decoderLayers,
    int embeddingSize,
    float patchMaskRatio,
    float leadMaskRatio,
    float mlmProbability,
    float dropout,
    Training training) {

  /**
   * Optimiser and schedule settings.
   *
   * @param batchSize examples per step
   * @param steps optimiser steps in a run
   * @param warmupSteps linear warm-up before the cosine decay
   * @param learningRate peak learning rate
   * @param weightDecay AdamW decoupled weight decay (not applied to biases and norms)
   * @param clipNorm global gradient-norm clip
   * @param weights weight of each pre-training objective in the total loss
   * @param pairedFraction share of steps that train on ECG-report pairs; the rest train the masked
   *     ECG objective on unpaired recordings
   * @param seed seed of every random choice (initialisation, masking, sampling)
   */
  public record Training(
      int batchSize,
      int steps,
      int warmupSteps,
      float learningRate,
      float weightDecay,
      float clipNorm,
      LossWeights weights,
      float pairedFraction,
      long seed) {}

  /** Weight of each objective; the reference implementation uses a plain sum (all 1). */
  public record LossWeights(float maskedEcg, float maskedLanguage, float matching, float sigmoidContrastive) {
    public static LossWeights plainSum() {
      return new LossWeights(1f, 1f, 1f, 1f);
    }
  }

  public CmeltConfig {
    int patch = Arrays.stream(convStrides).reduce(1, (a, b) -> a * b);
    if (patch <= 0 || input.windowSamples() < patch) {
      throw new IllegalArgumentException(name + ": convolution strides " + Arrays.toString(convStrides)
          + " give a patch longer than the window");
    }
    if (width % heads != 0 || width % positionalGroups != 0 || positionalKernel % 2 == 0) {
      throw new IllegalArgumentException(
          name + ": width must divide into heads and positional groups, and the positional kernel must be odd");
    }
    if (!(patchMaskRatio > 0 && patchMaskRatio < 1) || !(leadMaskRatio >= 0 && leadMaskRatio < 1)
        || !(mlmProbability > 0 && mlmProbability < 1)) {
      throw new IllegalArgumentException(name + ": mask ratios must lie in (0, 1)");
    }
    convStrides = convStrides.clone();
  }

  /** The same model with other training settings. */
  public CmeltConfig withTraining(Training other) {
    return new CmeltConfig(name, input, convStrides, convChannels, width, heads, ffMultiplier, ecgLayers,
        positionalKernel, positionalGroups, textLayers, maxTextTokens, vocabularySize, fusionLayers, decoderWidth,
        decoderLayers, embeddingSize, patchMaskRatio, leadMaskRatio, mlmProbability, dropout, other);
  }

  /** The same model trained for {@code steps} steps (warm-up shortened if it would not fit). */
  public CmeltConfig withSteps(int steps) {
    Training t = training;
    return withTraining(new Training(t.batchSize(), steps, Math.min(t.warmupSteps(), Math.max(1, steps / 10)),
        t.learningRate(), t.weightDecay(), t.clipNorm(), t.weights(), t.pairedFraction(), t.seed()));
  }

  /** Samples per patch (one ECG token). */
  public int patchSamples() {
    return Arrays.stream(convStrides).reduce(1, (a, b) -> a * b);
  }

  /** ECG tokens per window (the window is zero-padded to whole patches). */
  public int ecgTokens() {
    return (input.windowSamples() + patchSamples() - 1) / patchSamples();
  }

  public int leadCount() {
    return input.leads().size();
  }

  public int ffWidth() {
    return width * ffMultiplier;
  }

  @Override
  public int[] convStrides() {
    return convStrides.clone();
  }

  /** Two CPU cores, minutes: 100 Hz x 10 s, 50 tokens of 0.2 s, width 128. */
  public static CmeltConfig tiny() {
    return new CmeltConfig("tiny",
        new InputSpec(StandardLeads.TWELVE, 100, 1000, 0.5, 40, InputSpec.Normalisation.PER_LEAD_ZSCORE),
        new int[] {5, 2, 2}, 64, 128, 4, 2, 3, 9, 8,
        2, 64, 2000,
        1, 64, 1, 128,
        0.75f, 0.5f, 0.15f, 0.1f,
        new Training(32, 4000, 200, 1e-3f, 0.05f, 1f, LossWeights.plainSum(), 0.5f, 20261125L));
  }

  /**
   * The reference implementation's sizes: 12 x 5000 at 500 Hz, four stride-2 convolutions of 256
   * channels, 8 layers of 768 with 12 heads, text 6 layers, 6 fusion layers, decoder 4 x 384.
   */
  public static CmeltConfig base() {
    return new CmeltConfig("base",
        new InputSpec(StandardLeads.TWELVE, 500, 5000, 0.5, 100, InputSpec.Normalisation.PER_LEAD_ZSCORE),
        new int[] {2, 2, 2, 2}, 256, 768, 12, 4, 8, 129, 16,
        6, 128, 30000,
        6, 384, 4, 256,
        0.75f, 0.5f, 0.15f, 0.1f,
        new Training(64, 100_000, 4000, 2e-4f, 0.05f, 1f, LossWeights.plainSum(), 0.5f, 20261125L));
  }

  /** The named configuration. */
  public static CmeltConfig named(String name) {
    return switch (name) {
      case "tiny" -> tiny();
      case "base" -> base();
      default -> throw new IllegalArgumentException("unknown configuration '" + name + "' (known: tiny, base)");
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CmeltConfig c && name.equals(c.name) && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    return "CmeltConfig[" + name + ", " + input + ", strides " + Arrays.toString(convStrides) + ", channels "
        + convChannels + ", width " + width + ", heads " + heads + ", ff x" + ffMultiplier + ", ecg layers "
        + ecgLayers + ", pos conv " + positionalKernel + "/" + positionalGroups + ", text layers " + textLayers
        + ", tokens " + maxTextTokens + ", vocab " + vocabularySize + ", fusion " + fusionLayers + ", decoder "
        + decoderLayers + "x" + decoderWidth + ", embedding " + embeddingSize + ", masks " + patchMaskRatio + "/"
        + leadMaskRatio + "/" + mlmProbability + ", dropout " + dropout + ", " + training + "]";
  }
}
