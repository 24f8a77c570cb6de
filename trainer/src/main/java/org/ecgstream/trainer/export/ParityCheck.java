package org.ecgstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.ecgstream.core.inference.OnnxRuntimeEnvironment;
import org.ecgstream.trainer.model.CmeltModel;

/**
 * Runs the exported encoders in ONNX Runtime (CPU) and the DJL model on the same inputs and
 * measures the largest absolute difference between their embeddings.
 */
public final class ParityCheck {

  /** Largest tolerated absolute difference between ONNX Runtime and DJL embeddings. */
  public static final double TOLERANCE = 1e-4;

  /** ECG windows (B, L, T) with their lead masks (B, L), 1 where a lead is shown. */
  public record EcgBatch(float[][][] signal, float[][] leadMask) {}

  /** Report token ids (B, tokens) with their attention masks (B, tokens), 1 for real tokens. */
  public record TextBatch(long[][] ids, float[][] attention) {}

  /** Measured figures: max absolute difference of each encoder's embedding, and the batch sizes. */
  public record Result(double ecgMaxAbsDifference, double textMaxAbsDifference, int windows, int reports) {

    public boolean withinTolerance() {
      return ecgMaxAbsDifference <= TOLERANCE && textMaxAbsDifference <= TOLERANCE;
    }

    /** Throws {@link ParityException} naming the failing encoder and its figure. */
    public void requireWithinTolerance(Path dir) {
      if (ecgMaxAbsDifference > TOLERANCE || Double.isNaN(ecgMaxAbsDifference)) {
        throw new ParityException(dir.resolve(CmeltOnnxExporter.ECG_ENCODER_FILE), ecgMaxAbsDifference, windows);
      }
      if (textMaxAbsDifference > TOLERANCE || Double.isNaN(textMaxAbsDifference)) {
        throw new ParityException(dir.resolve(CmeltOnnxExporter.TEXT_ENCODER_FILE), textMaxAbsDifference, reports);
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "ecg max |diff| %.3g on %d windows, text max |diff| %.3g on %d reports",
          ecgMaxAbsDifference, windows, textMaxAbsDifference, reports);
    }
  }

  private final CmeltModel model;

  public ParityCheck(CmeltModel model) {
    this.model = model;
  }

  /** Both encoders from {@code dir} against DJL. */
  public Result run(Path dir, EcgBatch windows, TextBatch reports) throws IOException {
    return new Result(
        ecg(dir.resolve(CmeltOnnxExporter.ECG_ENCODER_FILE), windows),
        text(dir.resolve(CmeltOnnxExporter.TEXT_ENCODER_FILE), reports),
        windows.signal().length, reports.ids().length);
  }

  /** Max |ONNX - DJL| of the ECG embeddings of {@code batch}. */
  public double ecg(Path onnxFile, EcgBatch batch) throws IOException {
    float[][] djl;
    try (NDManager manager = NDManager.newBaseManager()) {
      ParameterStore ps = new ParameterStore(manager, false);
      NDArray signal = manager.create(flatten(batch.signal()), shapeOf(batch.signal()));
      NDArray mask = manager.create(flatten(batch.leadMask()), shapeOf(batch.leadMask()));
      NDArray tokens = model.ecgTokens(ps, signal, mask, null, false);
      djl = rows(model.ecgEmbedding(ps, tokens, false), batch.signal().length);
    }
    float[][] onnx = runOnnx(onnxFile, Map.of("ecg", batch.signal(), "lead_mask", batch.leadMask()));
    return maxAbsDifference(djl, onnx);
  }

  /** Max |ONNX - DJL| of the report embeddings of {@code batch}. */
  public double text(Path onnxFile, TextBatch batch) throws IOException {
    float[][] djl;
    try (NDManager manager = NDManager.newBaseManager()) {
      ParameterStore ps = new ParameterStore(manager, false);
      int b = batch.ids().length;
      int length = batch.ids()[0].length;
      long[] flatIds = new long[b * length];
      for (int i = 0; i < b; i++) {
        System.arraycopy(batch.ids()[i], 0, flatIds, i * length, length);
      }
      NDArray ids = manager.create(flatIds, new Shape(b, length));
      NDArray attention = manager.create(flatten(batch.attention()), new Shape(b, length));
      NDArray tokens = model.textTokens(ps, ids, attention, false);
      djl = rows(model.textEmbedding(ps, tokens, false), b);
    }
    float[][] onnx = runOnnx(onnxFile, Map.of("input_ids", batch.ids(), "attention_mask", batch.attention()));
    return maxAbsDifference(djl, onnx);
  }

  /** Runs one exported encoder on CPU and returns its {@code embedding} output (B, E). */
  static float[][] runOnnx(Path onnxFile, Map<String, Object> inputs) throws IOException {
    OrtEnvironment env = OnnxRuntimeEnvironment.get();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(onnxFile.toString(), options)) {
      Map<String, OnnxTensor> tensors = new java.util.HashMap<>();
      try {
        for (Map.Entry<String, Object> in : inputs.entrySet()) {
          tensors.put(in.getKey(), OnnxTensor.createTensor(env, in.getValue()));
        }
        try (OrtSession.Result result = session.run(tensors)) {
          return (float[][]) result.get(CmeltOnnxExporter.EMBEDDING_OUTPUT).orElseThrow().getValue();
        }
      } finally {
        tensors.values().forEach(OnnxTensor::close);
      }
    } catch (OrtException e) {
      throw new IOException(onnxFile + ": ONNX Runtime could not load or run it: " + e.getMessage(), e);
    }
  }

  static double maxAbsDifference(float[][] a, float[][] b) {
    if (a.length != b.length || a[0].length != b[0].length) {
      throw new IllegalStateException("ONNX output " + b.length + "x" + b[0].length + " does not match DJL's "
          + a.length + "x" + a[0].length);
    }
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        double d = Math.abs((double) a[i][j] - b[i][j]);
        max = Double.isNaN(d) ? Double.NaN : Math.max(max, d);
        if (Double.isNaN(max)) {
          return max;
        }
      }
    }
    return max;
  }

  private static float[][] rows(NDArray embedding, int batch) {
    float[] flat = embedding.toFloatArray();
    int width = flat.length / batch;
    float[][] out = new float[batch][width];
    for (int i = 0; i < batch; i++) {
      System.arraycopy(flat, i * width, out[i], 0, width);
    }
    return out;
  }

  private static float[] flatten(float[][] rows) {
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }

  private static float[] flatten(float[][][] batch) {
    int leads = batch[0].length;
    int samples = batch[0][0].length;
    float[] flat = new float[batch.length * leads * samples];
    for (int i = 0; i < batch.length; i++) {
      for (int l = 0; l < leads; l++) {
        System.arraycopy(batch[i][l], 0, flat, (i * leads + l) * samples, samples);
      }
    }
    return flat;
  }

  private static Shape shapeOf(float[][][] batch) {
    return new Shape(batch.length, batch[0].length, batch[0][0].length);
  }

  private static Shape shapeOf(float[][] rows) {
    return new Shape(rows.length, rows[0].length);
  }
}
