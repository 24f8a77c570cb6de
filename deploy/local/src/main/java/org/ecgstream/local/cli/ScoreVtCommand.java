package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.scoring.BeatWidthScore;
import org.ecgstream.core.scoring.VtEpisodeScore;
import org.ecgstream.core.wfdb.WfdbFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg score-vt}: the streaming VT detector episode by episode, and the beat width estimate, on MIT-BIH. */
@Command(
    name = "score-vt",
    mixinStandardHelpOptions = true,
    header = "Score the streaming ventricular tachycardia detector and the QRS width estimate on a WFDB database.",
    description = {
      "Streams every annotated record of the database (MIT-BIH layout: RECORDS or .hea files, .dat, .atr)",
      "through the rhythm analysis on all its leads in 250 ms blocks and scores its VT alarms against",
      "the (VT rhythm episodes: per record the episodes annotated, detected and missed, false VT",
      "alarms, alarms inside ventricular flutter, and the delay from episode onset to alarm; then the",
      "gross episode sensitivity and false alarms per hour. Also prints how well the QRS width",
      "estimate separates V from N beats (AUC, Se/Sp at the wide-QRS threshold) at the reference",
      "beat positions, on the rhythm lead and fused over the leads."
    })
final class ScoreVtCommand implements Callable<Integer> {

  @Option(names = "--db", required = true, description = "WFDB database folder with RECORDS, .hea, .dat and .atr files, e.g. ../shared/data/mitdb.")
  Path database;

  @Option(names = "--json", description = "Print the result as JSON instead of tables.")
  boolean json;

  @Option(names = "--min-beats", description = "Consecutive wide beats that make VT (default: RhythmSettings, 3).")
  Integer minBeats;

  @Option(names = "--rate", description = "VT rate limit in bpm; the run must be faster (default: RhythmSettings, 100).")
  Double rateBpm;

  @Option(names = "--wide-ms", description = "Wide-QRS threshold in ms of the width estimate (default: RhythmSettings, 55).")
  Double wideMillis;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(database)) {
      System.err.println("score-vt: " + database + " is not a folder; point --db at a WFDB database with .atr reference annotations such as ../shared/data/mitdb");
      return 2;
    }
    RhythmSettings defaults = RhythmSettings.defaults();
    RhythmSettings settings = defaults
        .withVentricularTachycardia(minBeats != null ? minBeats : defaults.vtMinBeats(), rateBpm != null ? rateBpm : defaults.vtRateBpm())
        .withWideQrsMillis(wideMillis != null ? wideMillis : defaults.wideQrsMillis());
    long start = System.nanoTime();
    VtEpisodeScore.Result result;
    try {
      result = VtEpisodeScore.score(database, settings, name -> true, r -> {});
    } catch (WfdbFormatException e) {
      System.err.println("score-vt: " + e.getMessage() + " (point --db at a WFDB database such as ../shared/data/mitdb)");
      return 2;
    }
    double vtSeconds = (System.nanoTime() - start) / 1e9;
    List<BeatWidthScore.Separation> widths = BeatWidthScore.score(database, settings.wideQrsMillis(), name -> true);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (json) {
      printJson(result, widths, settings, seconds);
    } else {
      printTables(result, widths, settings, vtSeconds, seconds);
    }
    return 0;
  }

  private static void printTables(VtEpisodeScore.Result result, List<BeatWidthScore.Separation> widths, RhythmSettings s,
      double vtSeconds, double seconds) {
    System.out.printf(Locale.ROOT, "VT: >= %d consecutive ventricular beats (width estimate >= %.0f ms and 1.3x the dominant complex's, shape unlike it) above %.0f bpm%n",
        s.vtMinBeats(), s.wideQrsMillis(), s.vtRateBpm());
    System.out.printf(Locale.ROOT, "%-7s %9s %9s %7s %6s %8s %8s %s%n", "record", "annotated", "detected", "missed", "false", "flutter", "slow", "delays (s)");
    for (VtEpisodeScore.RecordResult r : result.records()) {
      if (r.episodes().isEmpty() && r.alarms() == 0) {
        continue;
      }
      long slow = r.episodes().stream().filter(e -> e.annotatedRateBpm() <= s.vtRateBpm()).count();
      StringBuilder delays = new StringBuilder();
      r.episodes().stream().filter(VtEpisodeScore.Episode::detected)
          .forEach(e -> delays.append(String.format(Locale.ROOT, "%.1f ", e.delaySeconds())));
      System.out.printf(Locale.ROOT, "%-7s %9d %9d %7d %6d %8d %8d %s%n", r.record(), r.episodes().size(), r.detected(), r.missed(),
          r.falseAlarms(), r.flutterAlarms(), slow, delays.toString().strip());
    }
    System.out.printf(Locale.ROOT, "(records with neither VT episodes nor VT alarms not shown; %d records, %.1f h)%n",
        result.records().size(), result.hours());
    System.out.printf(Locale.ROOT, "gross: %d of %d episodes detected, Se %.1f%% (episodes annotated faster than %.0f bpm: %d of %d, %.1f%%);%n",
        result.detected(), result.episodes(), 100 * result.grossSensitivity(), s.vtRateBpm(), result.fastDetected(), result.fastEpisodes(),
        100.0 * result.fastDetected() / Math.max(1, result.fastEpisodes()));
    System.out.printf(Locale.ROOT, "       %d false VT alarms, %.2f per hour; %d more inside ventricular flutter; median delay %.1f s; %.1f s%n",
        result.falseAlarms(), result.falseAlarmsPerHour(), result.flutterAlarms(), result.medianDelaySeconds(), vtSeconds);
    VtEpisodeScore.VentricularBeats v = result.ventricularBeats();
    System.out.printf(Locale.ROOT, "ventricular beats (EC57 VEB, from minute 5, paced records %s left out): TP %d, FN %d, FP %d, Se %.1f%%, +P %.1f%%%n",
        String.join(" ", new java.util.TreeSet<>(VtEpisodeScore.PACED_RECORDS)), v.truePositives(), v.falseNegatives(), v.falsePositives(),
        100 * v.sensitivity(), 100 * v.positivePredictivity());
    VtEpisodeScore.Pauses p = result.pauses();
    System.out.printf(Locale.ROOT, "pauses (RR >= %d ms): %d annotated, %d reported, %d reported matching no annotated RR interval; by record:",
        s.pauseMillis(), p.annotated(), p.reported(), p.unmatched());
    result.records().stream().filter(r -> r.pauses().annotated() + r.pauses().reported() > 0).forEach(r -> System.out.printf(
        Locale.ROOT, " %s %d/%d/%d", r.record(), r.pauses().annotated(), r.pauses().reported(), r.pauses().unmatched()));
    System.out.println(" (annotated/reported/unmatched; longer pauses become asystole alarms, not pauses)");
    System.out.println();
    System.out.printf(Locale.ROOT, "QRS width, V against N beats at the reference beat positions (%.1f s in all):%n", seconds);
    System.out.printf(Locale.ROOT, "%-28s %6s %7s %6s %8s %6s %6s %8s %8s%n", "measure", "V", "N", "AUC", "thr (ms)", "Se", "Sp", "med V", "med N");
    for (BeatWidthScore.Separation w : widths) {
      System.out.printf(Locale.ROOT, "%-28s %6d %7d %6.3f %8.0f %6.3f %6.3f %8.1f %8.1f%n", w.measure(), w.ventricular(), w.normal(), w.auc(),
          w.thresholdMillis(), w.sensitivity(), w.specificity(), w.medianVentricularMillis(), w.medianNormalMillis());
    }
  }

  private static void printJson(VtEpisodeScore.Result result, List<BeatWidthScore.Separation> widths, RhythmSettings s, double seconds) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "{\"settings\":{\"vtMinBeats\":%d,\"vtRateBpm\":%.1f,\"wideQrsMillis\":%.1f},\"records\":[", s.vtMinBeats(), s.vtRateBpm(), s.wideQrsMillis()));
    for (int i = 0; i < result.records().size(); i++) {
      VtEpisodeScore.RecordResult r = result.records().get(i);
      out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"record\":\"%s\",\"annotated\":%d,\"detected\":%d,\"missed\":%d,\"falseAlarms\":%d,\"flutterAlarms\":%d,"
              + "\"pausesAnnotated\":%d,\"pausesReported\":%d,\"pausesUnmatched\":%d,\"delaysSeconds\":[",
          r.record(), r.episodes().size(), r.detected(), r.missed(), r.falseAlarms(), r.flutterAlarms(),
          r.pauses().annotated(), r.pauses().reported(), r.pauses().unmatched()));
      List<VtEpisodeScore.Episode> detected = r.episodes().stream().filter(VtEpisodeScore.Episode::detected).toList();
      for (int k = 0; k < detected.size(); k++) {
        out.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", detected.get(k).delaySeconds()));
      }
      out.append("]}");
    }
    out.append(String.format(Locale.ROOT,
        "],\"gross\":{\"episodes\":%d,\"detected\":%d,\"sensitivity\":%.4f,\"fastEpisodes\":%d,\"fastDetected\":%d,\"falseAlarms\":%d,"
            + "\"falseAlarmsPerHour\":%.3f,\"flutterAlarms\":%d,\"medianDelaySeconds\":%.2f,\"hours\":%.2f},"
            + "\"ventricularBeats\":{\"tp\":%d,\"fn\":%d,\"fp\":%d,\"sensitivity\":%.4f,\"positivePredictivity\":%.4f},\"width\":[",
        result.episodes(), result.detected(), result.grossSensitivity(), result.fastEpisodes(), result.fastDetected(), result.falseAlarms(),
        result.falseAlarmsPerHour(), result.flutterAlarms(), result.medianDelaySeconds(), result.hours(),
        result.ventricularBeats().truePositives(), result.ventricularBeats().falseNegatives(), result.ventricularBeats().falsePositives(),
        result.ventricularBeats().sensitivity(), result.ventricularBeats().positivePredictivity()));
    for (int i = 0; i < widths.size(); i++) {
      BeatWidthScore.Separation w = widths.get(i);
      out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"measure\":\"%s\",\"v\":%d,\"n\":%d,\"auc\":%.4f,\"thresholdMillis\":%.1f,\"sensitivity\":%.4f,\"specificity\":%.4f}",
          w.measure(), w.ventricular(), w.normal(), w.auc(), w.thresholdMillis(), w.sensitivity(), w.specificity()));
    }
    System.out.println(out.append(String.format(Locale.ROOT, "],\"seconds\":%.1f}", seconds)));
  }
}
