package org.ecgstream.trainer.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.ecgstream.trainer.model.CmeltModel;

/**
 * The initialised parameters of a {@link CmeltModel} by their DJL path (e.g. {@code
 * ecg_encoder_layer0_self_attention_query_weight}), read as row-major float arrays for export.
 */
final class CmeltWeights {

  private static final Pattern CHILD_INDEX = Pattern.compile("(^|_)\\d{2}(?=[a-z])");

  private final Map<String, Parameter> byPath = new LinkedHashMap<>();

  CmeltWeights(CmeltModel model) {
    for (Pair<String, Parameter> p : model.getParameters()) {
      byPath.put(path(p.getKey()), p.getValue());
    }
  }

  /**
   * DJL prefixes each child block with its two-digit position ({@code 01ecg_encoder_04layer0_...});
   * the path without them names the parameter by what it is, independent of declaration order.
   */
  static String path(String djlName) {
    return CHILD_INDEX.matcher(djlName).replaceAll("$1");
  }

  /** The parameter's values, row-major. */
  float[] values(String path) {
    return array(path).toFloatArray();
  }

  /** The parameter's shape. */
  long[] shape(String path) {
    return array(path).getShape().getShape();
  }

  /** A Dense weight (out, in) transposed to (in, out), ready for {@code MatMul(x, W)}. */
  float[] transposedMatrix(String path) {
    long[] s = shape(path);
    int rows = (int) s[0];
    int cols = (int) s[1];
    float[] w = values(path);
    float[] t = new float[w.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = w[r * cols + c];
      }
    }
    return t;
  }

  private NDArray array(String path) {
    return parameter(path).getArray();
  }

  /** The parameter at {@code path} (child-index prefixes removed). */
  Parameter parameter(String path) {
    Parameter p = byPath.get(path);
    if (p == null) {
      throw new IllegalArgumentException("model has no parameter '" + path + "': the exporter and the model blocks"
          + " disagree on a name (rename in the exporter to match the block; " + byPath.size() + " parameters known)");
    }
    if (!p.isInitialized()) {
      throw new IllegalStateException("parameter " + path + " is not initialised: initialise or load the model first");
    }
    return p;
  }
}
