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
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.Encoding;

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
    int leads = inputSpec().leads().size();
    int length = inputSpec().windowSamples();
    float[][] out = new float[windows.size()][];
    for (int from = 0; from < windows.size(); from += DjlEncoders.BATCH) {
      int n = Math.min(DjlEncoders.BATCH, windows.size() - from);
      float[] signal = new float[n * leads * length];
      float[] mask = new float[n * leads];
      for (int i = 0; i < n; i++) {
        System.arraycopy(windows.get(from + i).flatten(), 0, signal, i * leads * length, leads * length);
        System.arraycopy(windows.get(from + i).presenceAsFloats(), 0, mask, i * leads, leads);
      }
      try {
        System.arraycopy(encoders.embedEcg(signal, mask, n), 0, out, from, n);
      } catch (OrtException e) {
        throw new UncheckedIOException(new IOException("ONNX Runtime failed on the ECG encoder", e));
      }
    }
    return out;
  }

  @Override
  public float[][] embedText(List<String> cleanedTexts) {
    int n = cleanedTexts.size();
    long[] ids = new long[n * maxTokens];
    float[] attention = new float[n * maxTokens];
    for (int i = 0; i < n; i++) {
      Encoding e = tokenizer.encode(cleanedTexts.get(i), maxTokens);
      for (int t = 0; t < maxTokens; t++) {
        ids[i * maxTokens + t] = e.ids()[t];
        attention[i * maxTokens + t] = e.attentionMask()[t];
      }
    }
    try {
      return encoders.embedText(ids, attention, n, maxTokens);
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
