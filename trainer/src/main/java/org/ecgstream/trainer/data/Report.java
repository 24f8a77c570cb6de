package org.ecgstream.trainer.data;

import java.util.Objects;
import org.ecgstream.core.text.ReportText;

/** A free-text ECG report as written ({@code raw}) and as the tokenizer sees it ({@link ReportText#clean}). */
public record Report(String raw, String cleaned) {

  public Report {
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(cleaned, "cleaned");
  }

  /** The report with its cleaned form computed by the one shared rule. */
  public static Report of(String raw) {
    return new Report(raw, ReportText.clean(raw));
  }

  /** True when cleaning leaves no words (such a report is no use as a text pair). */
  public boolean isBlank() {
    return cleaned.isEmpty();
  }
}
