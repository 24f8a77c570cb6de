package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.core.scoring.AfRecordScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg score-af}: the streaming AF detector on the labelled CinC 2017 recordings. */
@Command(
    name = "score-af",
    mixinStandardHelpOptions = true,
    header = "Score the streaming AF detector on labelled CinC 2017 recordings.",
    description = {
      "Runs QRS detection and the RR-irregularity AF detector over every recording listed in the",
      "database's REFERENCE.csv (N normal, A AF, O other, ~ noisy) and prints sensitivity,",
      "specificity and F1 for AF against normal rhythm and for AF against all other labels.",
      "The detector's threshold was chosen on the even-numbered half of ../shared/data/cinc2017;",
      "--half odd scores the held-out half only."
    })
final class ScoreAfCommand implements Callable<Integer> {

  /** Which recordings to score, by position in REFERENCE.csv. */
  enum Half { ALL, EVEN, ODD }

  @Option(names = "--db", required = true, description = "CinC 2017-style folder with REFERENCE.csv, .hea and .mat files.")
  Path database;

  @Option(names = "--half", defaultValue = "all", description = "all, even (the tuning half) or odd (held out) (default: ${DEFAULT-VALUE}).")
  Half half;

  @Option(names = "--json", description = "Print the result as JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(database.resolve("REFERENCE.csv"))) {
      System.err.println("score-af: " + database + " has no REFERENCE.csv; point --db at a CinC 2017 folder such as ../shared/data/cinc2017");
      return 2;
    }
    long start = System.nanoTime();
    List<AfRecordScore.Judged> judged = AfRecordScore.judge(database,
        i -> half == Half.ALL || (half == Half.EVEN) == (i % 2 == 0), j -> {});
    List<AfRecordScore.Confusion> results = AfRecordScore.confusions(judged);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (json) {
      StringBuilder out = new StringBuilder("{\"recordings\":" + judged.size() + ",\"half\":\"" + half.name().toLowerCase(Locale.ROOT) + "\",\"results\":[");
      for (int i = 0; i < results.size(); i++) {
        AfRecordScore.Confusion c = results.get(i);
        out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"question\":\"%s\",\"tp\":%d,\"fn\":%d,\"tn\":%d,\"fp\":%d,\"sensitivity\":%.4f,\"specificity\":%.4f,\"f1\":%.4f}",
            c.question(), c.truePositives(), c.falseNegatives(), c.trueNegatives(), c.falsePositives(), c.sensitivity(), c.specificity(), c.f1()));
      }
      System.out.println(out.append("]}"));
    } else {
      System.out.printf("%d recordings (%s) in %.1f s%n", judged.size(), half.name().toLowerCase(Locale.ROOT), seconds);
      System.out.printf("%-14s %5s %5s %5s %5s %7s %7s %7s%n", "question", "TP", "FN", "TN", "FP", "Se", "Sp", "F1");
      for (AfRecordScore.Confusion c : results) {
        System.out.printf(Locale.ROOT, "%-14s %5d %5d %5d %5d %7.3f %7.3f %7.3f%n", c.question(), c.truePositives(), c.falseNegatives(),
            c.trueNegatives(), c.falsePositives(), c.sensitivity(), c.specificity(), c.f1());
      }
    }
    return 0;
  }
}
