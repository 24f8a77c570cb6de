package org.ecgstream.trainer.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ecgstream.trainer.data.DiagnosticSuperclass;
import org.ecgstream.trainer.data.PtbXlEntry;

/**
 * The labels a PTB-XL evaluation scores, multi-label as in the paper: the five diagnostic
 * superclasses (PTB-XL's rule in {@code ScpStatements#superclasses}: a record has a superclass when
 * any of its diagnostic SCP statements maps to it, whatever the likelihood) and the rhythm
 * statements that have prompts. A label is evaluated only with at least {@link #MIN_POSITIVES}
 * positives in both the training folds and the test fold, and a negative in the test fold;
 * the others are listed as skipped with their counts.
 *
 * @param evaluated labels scored, superclasses first (enum order), then rhythms (prompt order)
 * @param skipped label to the reason it is not scored
 */
public record PtbXlLabels(List<String> evaluated, Map<String, String> skipped) {

  /** Fewest positives a label needs in train and in test to be evaluated. */
  public static final int MIN_POSITIVES = 3;
  /**
   * Order in which a record's primary label is picked for stratified subsampling: rarest
   * superclass first (by the full PTB-XL's counts), so that 1% subsets keep the rare ones.
   */
  static final List<DiagnosticSuperclass> PRIMARY_ORDER = List.of(DiagnosticSuperclass.HYP, DiagnosticSuperclass.CD,
      DiagnosticSuperclass.STTC, DiagnosticSuperclass.MI, DiagnosticSuperclass.NORM);
  /** Number of primary classes: the superclasses and "no diagnostic statement". */
  static final int PRIMARY_CLASSES = PRIMARY_ORDER.size() + 1;

  public PtbXlLabels {
    evaluated = List.copyOf(evaluated);
    skipped = Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
  }

  /** Chooses the labels among the superclasses and the rhythm codes of {@code candidates}. */
  public static PtbXlLabels choose(List<PtbXlEntry> train, List<PtbXlEntry> test, List<String> candidates) {
    List<String> evaluated = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    for (String label : candidates) {
      int trainPositives = positives(train, label);
      int testPositives = positives(test, label);
      if (trainPositives >= MIN_POSITIVES && testPositives >= MIN_POSITIVES && testPositives < test.size()) {
        evaluated.add(label);
      } else {
        skipped.put(label, String.format("positives: %d in train, %d of %d in test (needs >= %d in each and a test negative)",
            trainPositives, testPositives, test.size(), MIN_POSITIVES));
      }
    }
    for (String rhythm : rhythmsIn(test)) {
      if (!candidates.contains(rhythm)) {
        skipped.put(rhythm, "positives: " + positives(test, rhythm) + " in test; no zero-shot prompt");
      }
    }
    return new PtbXlLabels(evaluated, skipped);
  }

  /** True when {@code label} names a diagnostic superclass (else it is a rhythm SCP code). */
  public static boolean isSuperclass(String label) {
    for (DiagnosticSuperclass superclass : DiagnosticSuperclass.values()) {
      if (superclass.name().equals(label)) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code entry} has {@code label} (a superclass name or a rhythm SCP code). */
  public static boolean has(PtbXlEntry entry, String label) {
    for (DiagnosticSuperclass superclass : DiagnosticSuperclass.values()) {
      if (superclass.name().equals(label)) {
        return entry.superclasses().contains(superclass);
      }
    }
    return entry.rhythms().contains(label);
  }

  /** {@code [records][evaluated labels]}: which record has which label. */
  public boolean[][] truth(List<PtbXlEntry> entries) {
    boolean[][] t = new boolean[entries.size()][evaluated.size()];
    for (int i = 0; i < entries.size(); i++) {
      for (int k = 0; k < evaluated.size(); k++) {
        t[i][k] = has(entries.get(i), evaluated.get(k));
      }
    }
    return t;
  }

  /** The record's primary class in [0, {@link #PRIMARY_CLASSES}): its first superclass in {@link #PRIMARY_ORDER}, else the last. */
  static int primary(PtbXlEntry entry) {
    for (int k = 0; k < PRIMARY_ORDER.size(); k++) {
      if (entry.superclasses().contains(PRIMARY_ORDER.get(k))) {
        return k;
      }
    }
    return PRIMARY_ORDER.size();
  }

  /** Positives per label in train and test, for every superclass and every rhythm code in either part. */
  public static Map<String, Map<String, Integer>> counts(List<PtbXlEntry> train, List<PtbXlEntry> test) {
    List<String> labels = new ArrayList<>();
    for (DiagnosticSuperclass superclass : DiagnosticSuperclass.values()) {
      labels.add(superclass.name());
    }
    TreeSet<String> rhythms = rhythmsIn(train);
    rhythms.addAll(rhythmsIn(test));
    labels.addAll(rhythms);
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    for (String label : labels) {
      counts.put(label, Map.of("train", positives(train, label), "test", positives(test, label)));
    }
    return counts;
  }

  private static int positives(List<PtbXlEntry> entries, String label) {
    return (int) entries.stream().filter(e -> has(e, label)).count();
  }

  private static TreeSet<String> rhythmsIn(List<PtbXlEntry> entries) {
    TreeSet<String> codes = new TreeSet<>();
    entries.forEach(e -> codes.addAll(e.rhythms()));
    return codes;
  }
}
