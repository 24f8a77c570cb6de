package org.ecgstream.core.inference;

import java.util.Locale;

/**
 * Where ONNX Runtime runs a model: {@code cpu} or {@code cuda[:N]}. CUDA needs the
 * {@code onnxruntime_gpu} artifact (Maven profile {@code gpu}) and a usable GPU; without them the
 * session falls back to CPU with one warning.
 *
 * @param cuda whether the CUDA execution provider is asked for
 * @param deviceId the CUDA device ordinal
 */
public record ExecutionDevice(boolean cuda, int deviceId) {

  public static final ExecutionDevice CPU = new ExecutionDevice(false, 0);

  /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
  public static ExecutionDevice parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("cpu")) {
      return CPU;
    }
    if (t.equals("cuda")) {
      return new ExecutionDevice(true, 0);
    }
    if (t.startsWith("cuda:")) {
      try {
        int id = Integer.parseInt(t.substring(5));
        if (id >= 0) {
          return new ExecutionDevice(true, id);
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw new IllegalArgumentException("device '" + text + "' is not cpu, cuda or cuda:N");
  }

  @Override
  public String toString() {
    return cuda ? "cuda:" + deviceId : "cpu";
  }
}
