package org.ecgstream.core.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Map;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.preprocess.InputSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime sessions for a verified bundle's two encoders. Sessions are thread-safe, so one
 * instance serves every caller in a JVM (a Flink task manager's slots share it). Inputs are
 * row-major batches; outputs are L2-normalised embeddings.
 */
public final class OnnxEncoders implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OnnxEncoders.class);

  private final OrtEnvironment environment = OnnxRuntimeEnvironment.get();
  private final InputSpec spec;
  private final OrtSession ecg;
  private final OrtSession text;
  private final ExecutionDevice device;

  /** Opens both encoders of {@code bundle} on {@code requested}, or on CPU if that cannot be used. */
  public OnnxEncoders(ModelBundle bundle, ExecutionDevice requested) throws OrtException {
    this.spec = bundle.inputSpec();
    ExecutionDevice used = requested;
    OrtSession.SessionOptions options = options(requested);
    if (options == null) {
      used = ExecutionDevice.CPU;
      options = options(ExecutionDevice.CPU);
    }
    this.device = used;
    this.ecg = environment.createSession(bundle.ecgEncoder().toString(), options);
    this.text = environment.createSession(bundle.textEncoder().toString(), options);
  }

  /** Session options for {@code device}; null (after one warning) when CUDA is asked for but unusable. */
  static OrtSession.SessionOptions options(ExecutionDevice device) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    // ONNX Runtime's intra-op threads spin for a while after each call by default, waiting for the
    // next one. Beside Flink's threads and the DSP alarms on the same cores, that burns the CPU the
    // alarms need between batches; off, the operator keeps 0.87-1.05x of a plain loop (0.79-0.83x
    // spinning) and the plain loop itself is no slower (docs/benchmarks.md, issue #6).
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    if (device.cuda()) {
      try {
        options.addCUDA(device.deviceId());
      } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
        LOG.warn("inference.device.fallback requested={} used=cpu reason=\"{}\" (build with -Pgpu on a machine "
            + "with an NVIDIA GPU and CUDA for GPU inference)", device, e.getMessage());
        options.close();
        return null;
      }
    }
    return options;
  }

  /** The device the sessions actually run on. */
  public ExecutionDevice device() {
    return device;
  }

  public InputSpec inputSpec() {
    return spec;
  }

  /**
   * Embeds a batch of windows.
   *
   * @param signal row-major (batch, leads, samples) in the bundle's input spec
   * @param leadMask row-major (batch, leads), 1 for leads that carry signal
   * @return (batch, embedding) rows
   */
  public float[][] embedEcg(float[] signal, float[] leadMask, int batch) throws OrtException {
    int leads = spec.leads().size();
    int samples = spec.windowSamples();
    if (signal.length != batch * leads * samples || leadMask.length != batch * leads) {
      throw new IllegalArgumentException("ECG batch of " + batch + " needs " + batch * leads * samples
          + " samples and " + batch * leads + " mask values, got " + signal.length + " and " + leadMask.length);
    }
    try (OnnxTensor x = OnnxTensor.createTensor(environment, FloatBuffer.wrap(signal), new long[] {batch, leads, samples});
        OnnxTensor m = OnnxTensor.createTensor(environment, FloatBuffer.wrap(leadMask), new long[] {batch, leads});
        OrtSession.Result result = ecg.run(Map.of("ecg", x, "lead_mask", m))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  /**
   * Embeds a batch of tokenised texts.
   *
   * @param ids row-major (batch, tokens) token ids
   * @param attention row-major (batch, tokens), 1 for tokens, 0 for padding
   */
  public float[][] embedText(long[] ids, float[] attention, int batch, int tokens) throws OrtException {
    try (OnnxTensor i = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), new long[] {batch, tokens});
        OnnxTensor a = OnnxTensor.createTensor(environment, FloatBuffer.wrap(attention), new long[] {batch, tokens});
        OrtSession.Result result = text.run(Map.of("input_ids", i, "attention_mask", a))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  @Override
  public void close() throws OrtException {
    ecg.close();
    text.close();
  }
}
