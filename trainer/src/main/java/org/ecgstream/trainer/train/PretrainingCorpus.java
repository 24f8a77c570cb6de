package org.ecgstream.trainer.train;

import java.util.List;
import org.ecgstream.core.text.BpeTokenizer;

/**
 * Everything a pre-training run draws from: paired examples (each pointing at its report), unpaired
 * recordings, the cleaned reports, and the tokenizer trained on them.
 */
public record PretrainingCorpus(
    List<PretrainingExample> paired,
    List<PretrainingExample> unpaired,
    List<String> cleanedReports,
    BpeTokenizer tokenizer) {

  public PretrainingCorpus {
    paired = List.copyOf(paired);
    unpaired = List.copyOf(unpaired);
    cleanedReports = List.copyOf(cleanedReports);
    if (paired.isEmpty()) {
      throw new IllegalArgumentException("pre-training needs ECG-report pairs; the corpus has none");
    }
    for (PretrainingExample e : paired) {
      if (!e.paired() || e.reportIndex() >= cleanedReports.size()) {
        throw new IllegalArgumentException("example " + e.id() + " points at no report");
      }
    }
  }
}
