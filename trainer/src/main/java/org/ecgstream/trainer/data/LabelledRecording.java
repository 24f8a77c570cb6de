package org.ecgstream.trainer.data;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A recording with what is known about it: its report when there is one (the ECG-text pair for
 * contrastive training) and its labels as plain names ("NORM", "SR", "AF") for evaluation.
 */
public record LabelledRecording(Recording recording, Optional<Report> report, List<String> labels) {

  public LabelledRecording {
    Objects.requireNonNull(recording, "recording");
    Objects.requireNonNull(report, "report");
    labels = List.copyOf(labels);
  }

  public String id() {
    return recording.id();
  }

  /** True when a non-blank report goes with the recording. */
  public boolean isPaired() {
    return report.isPresent() && !report.get().isBlank();
  }
}
