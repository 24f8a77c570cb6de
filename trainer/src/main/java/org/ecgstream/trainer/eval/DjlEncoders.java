package org.ecgstream.trainer.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.preprocess.WindowBatch;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.TokenBatch;
import org.ecgstream.trainer.model.CmeltModel;

/** {@link Encoders} running a {@link CmeltModel} on DJL, in inference mode, in batches. */
public final class DjlEncoders implements Encoders {

  static final int BATCH = 32;

  private final NDManager manager;
  private final CmeltModel model;
  private final BpeTokenizer tokenizer;
  private final ParameterStore parameters;

  /** Takes ownership of {@code manager} (closed with this). */
  public DjlEncoders(NDManager manager, CmeltModel model, BpeTokenizer tokenizer) {
    this.manager = manager;
    this.model = model;
    this.tokenizer = tokenizer;
    this.parameters = new ParameterStore(manager, false);
  }

  @Override
  public InputSpec inputSpec() {
    return model.config().input();
  }

  @Override
  public float[][] embedEcg(List<EcgWindow> windows) {
    int leads = model.config().leadCount();
    int length = model.config().input().windowSamples();
    float[][] out = new float[windows.size()][];
    for (int from = 0; from < windows.size(); from += BATCH) {
      WindowBatch batch = WindowBatch.of(windows.subList(from, Math.min(windows.size(), from + BATCH)));
      try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        NDArray x = step.create(batch.signal(), new Shape(batch.size(), leads, length));
        NDArray m = step.create(batch.leadMask(), new Shape(batch.size(), leads));
        NDArray tokens = model.ecgTokens(parameters, x, m, null, false);
        copyRows(model.ecgEmbedding(parameters, tokens, false), out, from);
      }
    }
    return out;
  }

  @Override
  public float[][] embedText(List<String> cleanedTexts) {
    int lt = model.config().maxTextTokens();
    float[][] out = new float[cleanedTexts.size()][];
    for (int from = 0; from < cleanedTexts.size(); from += BATCH) {
      TokenBatch batch = TokenBatch.of(tokenizer, cleanedTexts.subList(from, Math.min(cleanedTexts.size(), from + BATCH)), lt);
      try (NDScope scope = new NDScope(); NDManager step = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        NDArray tokens = model.textTokens(parameters, step.create(batch.ids(), new Shape(batch.size(), lt)),
            step.create(batch.attention(), new Shape(batch.size(), lt)), false);
        copyRows(model.textEmbedding(parameters, tokens, false), out, from);
      }
    }
    return out;
  }

  private static void copyRows(NDArray embeddings, float[][] out, int from) {
    int rows = (int) embeddings.getShape().get(0);
    int width = (int) embeddings.getShape().get(1);
    float[] flat = embeddings.toFloatArray();
    for (int i = 0; i < rows; i++) {
      out[from + i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
