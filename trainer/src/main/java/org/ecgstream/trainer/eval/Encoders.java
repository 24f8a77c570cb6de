package org.ecgstream.trainer.eval;

import java.util.List;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.InputSpec;

/**
 * The two encoders of a C-MELT model as evaluation sees them: windows and cleaned reports in,
 * L2-normalised embeddings out. Implemented on DJL (training weights) and on ONNX Runtime (an
 * exported bundle), so both are evaluated by the same code.
 */
public interface Encoders extends AutoCloseable {

  /** What the ECG encoder expects. */
  InputSpec inputSpec();

  /** One embedding per window. */
  float[][] embedEcg(List<EcgWindow> windows);

  /** One embedding per cleaned text. */
  float[][] embedText(List<String> cleanedTexts);

  @Override
  void close();
}
