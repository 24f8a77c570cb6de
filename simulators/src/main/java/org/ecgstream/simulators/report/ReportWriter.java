package org.ecgstream.simulators.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.GroundTruth;

/**
 * Writes a free-text ECG report from a simulated recording's ground truth, in German (most reports,
 * like PTB-XL) or English, with varied wording: several phrases per finding, optional axis and
 * summary statements, ectopy before or after the rhythm and secondary findings in random order.
 * Every finding of the truth is mentioned. Deterministic for a seed.
 */
public final class ReportWriter {

  private final double germanShare;
  private final Random random;
  private final PhraseBook german = new GermanPhrases();
  private final PhraseBook english = new EnglishPhrases();

  /** A writer producing about 70% German and 30% English reports. */
  public ReportWriter(long seed) {
    this(0.7, seed);
  }

  public ReportWriter(double germanShare, long seed) {
    if (!(germanShare >= 0 && germanShare <= 1)) {
      throw new IllegalArgumentException("germanShare must be within 0..1, got " + germanShare);
    }
    this.germanShare = germanShare;
    this.random = new Random(seed);
  }

  /** A report in German or English, drawn by the configured share. */
  public String write(GroundTruth truth) {
    return write(truth, random.nextDouble() < germanShare ? ReportLanguage.GERMAN : ReportLanguage.ENGLISH);
  }

  public String write(GroundTruth truth, ReportLanguage language) {
    PhraseBook book = language == ReportLanguage.GERMAN ? german : english;
    List<String> ectopy = new ArrayList<>();
    List<String> secondary = new ArrayList<>();
    for (Finding f : truth.findings()) {
      switch (f.category()) {
        case ECTOPY -> ectopy.add(book.statement(f, truth, random));
        case CONDUCTION, MORPHOLOGY -> secondary.add(book.statement(f, truth, random));
        default -> { }
      }
    }
    Collections.shuffle(ectopy, random);
    Collections.shuffle(secondary, random);
    List<String> statements = new ArrayList<>();
    boolean ectopyFirst = random.nextDouble() < 0.6;
    if (ectopyFirst) {
      statements.addAll(ectopy);
    }
    statements.add(book.rhythm(truth, random));
    if (!ectopyFirst) {
      statements.addAll(ectopy);
    }
    String axis = book.axis(truth.qrsAxisDegrees(), random);
    if (axis != null) {
      if (random.nextDouble() < 0.8) {
        statements.add(axis); // usually right after the rhythm, as in PTB-XL
      } else {
        secondary.add(random.nextInt(secondary.size() + 1), axis);
      }
    }
    statements.addAll(secondary);
    if (truth.has(Finding.NORMAL_ECG)) {
      statements.add(book.normal(truth.rhythm() == Finding.SINUS_RHYTHM && random.nextDouble() < 0.85, random));
    } else if (!ectopy.isEmpty() || !secondary.isEmpty() || !truth.rhythm().isSinus()) {
      String summary = book.abnormalSummary(random);
      if (summary != null) {
        statements.add(summary);
      }
    }
    return book.respell(book.join(statements, random), random);
  }
}
