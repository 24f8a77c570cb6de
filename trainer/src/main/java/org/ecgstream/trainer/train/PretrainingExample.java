package org.ecgstream.trainer.train;

import org.ecgstream.core.preprocess.EcgWindow;

/**
 * One pre-training example: a preprocessed window and, for a pair, the index of its report in the
 * corpus's report list ({@link #UNPAIRED} for recordings without a report, which train the masked
 * ECG objective only).
 */
public record PretrainingExample(String id, EcgWindow window, int reportIndex) {

  public static final int UNPAIRED = -1;

  public boolean paired() {
    return reportIndex != UNPAIRED;
  }
}
