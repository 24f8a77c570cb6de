package org.ecgstream.trainer.export;

import java.nio.file.Path;
import java.util.Locale;

/** An exported encoder whose ONNX Runtime output strays from DJL's beyond {@link ParityCheck#TOLERANCE}. */
public final class ParityException extends IllegalStateException {

  private final double maxAbsDifference;

  ParityException(Path file, double maxAbsDifference, int examples) {
    super(String.format(Locale.ROOT,
        "%s: ONNX Runtime embeddings differ from DJL's by %.3g (max absolute, %d examples), above the tolerance"
            + " %.0e: export refused (an op in the exporter no longer matches the model block it mirrors)",
        file, maxAbsDifference, examples, ParityCheck.TOLERANCE));
    this.maxAbsDifference = maxAbsDifference;
  }

  public double maxAbsDifference() {
    return maxAbsDifference;
  }
}
