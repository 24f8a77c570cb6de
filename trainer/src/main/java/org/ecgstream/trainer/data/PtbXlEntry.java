package org.ecgstream.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of {@code ptbxl_database.csv} whose 100 Hz signal is on disk: its report and statements,
 * the labels derived from them, and where the signal lives ({@code filenameLr}, relative to the
 * data set folder, without extension).
 */
public record PtbXlEntry(
    int ecgId,
    int fold,
    Report report,
    Map<String, Double> scpCodes,
    Set<DiagnosticSuperclass> superclasses,
    List<String> rhythms,
    String filenameLr) {

  public PtbXlEntry {
    scpCodes = Map.copyOf(scpCodes);
    superclasses = Set.copyOf(superclasses);
    rhythms = List.copyOf(rhythms);
  }

  public Split split() {
    return Split.ofPtbXlFold(fold);
  }

  /** Superclass names in enum order, then rhythm statements: e.g. [NORM, SR]. */
  public List<String> labels() {
    List<String> labels = new ArrayList<>();
    for (DiagnosticSuperclass superclass : DiagnosticSuperclass.values()) {
      if (superclasses.contains(superclass)) {
        labels.add(superclass.name());
      }
    }
    labels.addAll(rhythms);
    return labels;
  }
}
