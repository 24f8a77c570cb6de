package org.ecgstream.simulators.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.GroundTruth;
import org.ecgstream.simulators.twelvelead.Territory;

/**
 * Cardiologists' reports on simulated beds, written from the bed's script (its ground truth) by
 * {@link ReportWriter}: every {@link Settings#every} of device time one report on the
 * {@link Settings#span} that starts there, signed {@link Settings#delay} after that span ends (a
 * report comes when the cardiologist gets to it, not with the signal). Spans with the electrodes
 * off, or in which the rhythm, rate or ST shift changes, get no report: a cardiologist reports a
 * stretch with one reading. Deterministic for a seed.
 */
public final class BedReports {

  /** Who signs the simulated reports. */
  public static final String SIGNED_BY = "sim-cardiologist";

  /**
   * When reports are written.
   *
   * @param every device time between the starts of two reports on one bed
   * @param span signal one report covers (a resting 12-lead ECG is 10 s)
   * @param delay from the end of the span to the report's signature
   */
  public record Settings(Duration every, Duration span, Duration delay) {
    public Settings {
      Objects.requireNonNull(every, "every");
      Objects.requireNonNull(span, "span");
      Objects.requireNonNull(delay, "delay");
      if (span.toMillis() < 1000 || every.compareTo(span) < 0) {
        throw new IllegalArgumentException("a report spans at least 1 s and reports on a bed come at least a span apart;"
            + " got span " + span + ", every " + every);
      }
      if (delay.isNegative()) {
        throw new IllegalArgumentException("a report cannot be signed before its recording ends (delay " + delay + ")");
      }
    }

    /** One 10 s report per bed-minute, signed 30 s later. */
    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    public Settings withDelay(Duration newDelay) {
      return new Settings(every, span, newDelay);
    }
  }

  private final Settings settings;
  private final ReportWriter writer;
  private final Random random;

  public BedReports(Settings settings, long seed) {
    this.settings = settings;
    this.writer = new ReportWriter(seed);
    this.random = new Random(seed + 1);
  }

  /**
   * The reports on {@code bed} streamed from {@code startMillis} for {@code durationMillis}, in
   * the order they are signed.
   */
  public List<EcgReport> reportsFor(BedScript bed, long startMillis, long durationMillis) {
    List<EcgReport> out = new ArrayList<>();
    long span = settings.span().toMillis();
    for (long from = 0; from + span <= durationMillis; from += settings.every().toMillis()) {
      Optional<String> text = textFor(bed, from, from + span);
      if (text.isEmpty()) {
        continue;
      }
      long start = startMillis + from;
      long end = start + span;
      out.add(EcgReport.newBuilder()
          .setRecordId("sim-report:" + bed.patientId() + ":" + start)
          .setPatientId(bed.patientId())
          .setRecordingStartMillis(start)
          .setRecordingEndMillis(end)
          .setText(text.get())
          .setLanguage(null)
          .setSignedBy(SIGNED_BY)
          .setSignedAtMillis(end + settings.delay().toMillis())
          .build());
    }
    out.sort(Comparator.comparingLong(EcgReport::getSignedAtMillis));
    return out;
  }

  /** The report on {@code [from, until)} of the bed's script, or empty when that stretch is not one reading. */
  Optional<String> textFor(BedScript bed, long from, long until) {
    for (long t = from; t < until; t += 250) {
      if (bed.leadOffAt(t) || bed.rhythmAt(t) != bed.rhythmAt(from) || bed.rateAt(t) != bed.rateAt(from)
          || bed.stAt(t) != bed.stAt(from)) {
        return Optional.empty();
      }
    }
    Rhythm rhythm = bed.rhythmAt(from);
    double bpm = bed.rateAt(from);
    double stMv = bed.stAt(from);
    Optional<GroundTruth> truth = truthOf(rhythm, bpm, stMv);
    if (truth.isPresent()) {
      return Optional.of(writer.write(truth.get()));
    }
    // Rhythms the 12-lead phrase books have no finding for (they are alarms, rarely reported).
    boolean german = random.nextDouble() < 0.7;
    return Optional.of(switch (rhythm) {
      case VENTRICULAR_TACHYCARDIA -> german ? "Ventrikuläre Tachykardie, Frequenz " + Math.round(bpm) + "/min."
          : "Ventricular tachycardia, rate " + Math.round(bpm) + " bpm.";
      case VENTRICULAR_FIBRILLATION -> german ? "Kammerflimmern." : "Ventricular fibrillation.";
      case ASYSTOLE -> german ? "Asystolie." : "Asystole.";
      default -> throw new IllegalStateException(rhythm + " should have a ground truth");
    });
  }

  /**
   * The ground truth a bed's reading amounts to, as the 12-lead simulator would state it: sinus
   * rhythm named by its rate (brady- below 60, tachycardia above 100), atrial fibrillation, an ST
   * shift in lead II as inferior elevation or depression; normal when nothing else is found.
   * Empty for rhythms the phrase books cannot name (ventricular tachycardia, fibrillation, asystole).
   */
  static Optional<GroundTruth> truthOf(Rhythm rhythm, double bpm, double stMv) {
    List<Finding> findings = new ArrayList<>();
    switch (rhythm) {
      case SINUS -> findings.add(bpm < 60 ? Finding.SINUS_BRADYCARDIA
          : bpm > 100 ? Finding.SINUS_TACHYCARDIA : Finding.SINUS_RHYTHM);
      case ATRIAL_FIBRILLATION -> findings.add(Finding.ATRIAL_FIBRILLATION);
      default -> {
        return Optional.empty();
      }
    }
    Territory territory = null;
    if (stMv > 0) {
      findings.add(Finding.ST_ELEVATION);
      territory = Territory.INFERIOR;
    } else if (stMv < 0) {
      findings.add(Finding.ST_DEPRESSION);
      territory = Territory.INFERIOR;
    }
    if (findings.size() == 1 && findings.get(0) == Finding.SINUS_RHYTHM) {
      findings.add(Finding.NORMAL_ECG);
    }
    boolean conducted = rhythm == Rhythm.SINUS;
    // The bed's beat generator has one fixed morphology: a normal axis and PR interval.
    return Optional.of(new GroundTruth(findings, List.of(), List.of(), bpm, 60, territory, conducted ? 0.16 : 0, 0));
  }
}
