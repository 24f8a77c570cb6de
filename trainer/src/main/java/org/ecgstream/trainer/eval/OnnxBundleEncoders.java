package org.ecgstream.trainer.eval;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.inference.OnnxEncoders;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.preprocess.WindowBatch;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.TokenBatch;

/** {@link Encoders} on an exported bundle through ONNX Runtime: what serving runs, evaluated. */
public final class OnnxBundleEncoders implements Encoders {

  private final OnnxEncoders encoders;
  private final BpeTokenizer tokenizer;
  private final int maxTokens;

  public OnnxBundleEncoders(ModelBundle bundle) throws BundleException {
    try {
      this.encoders = new OnnxEncoders(bundle, ExecutionDevice.CPU);
      this.tokenizer = BpeTokenizer.load(bundle.tokenizer());
    } catch (OrtException | IOException e) {
      throw new IllegalStateException("bundle " + bundle.dir() + ": cannot open its encoders: " + e.getMessage(), e);
    }
    this.maxTokens = bundle.manifest().textSpec().maxTokens();
  }

  @Override
  public InputSpec inputSpec() {
    return encoders.inputSpec();
  }

  @Override
  public float[][] embedEcg(List<EcgWindow> windows) {
    float[][] out = new float[windows.size()][];
    for (int from = 0; from < windows.size(); from += DjlEncoders.BATCH) {
      WindowBatch batch = WindowBatch.of(windows.subList(from, Math.min(windows.size(), from + DjlEncoders.BATCH)));
      try {
        System.arraycopy(encoders.embedEcg(batch.signal(), batch.leadMask(), batch.size()), 0, out, from, batch.size());
      } catch (OrtException e) {
        throw new UncheckedIOException(new IOException("ONNX Runtime failed on the ECG encoder", e));
      }
    }
    return out;
  }

  @Override
  public float[][] embedText(List<String> cleanedTexts) {
    TokenBatch batch = TokenBatch.of(tokenizer, cleanedTexts, maxTokens);
    try {
      return encoders.embedText(batch.ids(), batch.attention(), batch.size(), maxTokens);
    } catch (OrtException e) {
      throw new UncheckedIOException(new IOException("ONNX Runtime failed on the text encoder", e));
    }
  }

  @Override
  public void close() {
    try {
      encoders.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
