package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.core.qrs.QrsDetectors;
import org.ecgstream.core.scoring.BeatByBeatScore;
import org.ecgstream.core.scoring.QrsDatabaseScore;
import org.ecgstream.core.wfdb.AnnotationWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg score-qrs}: AAMI EC57 beat-by-beat scores of the streaming QRS detector on a WFDB database. */
@Command(
    name = "score-qrs",
    mixinStandardHelpOptions = true,
    header = "Score the streaming QRS detector beat by beat (AAMI EC57) on a WFDB database.",
    description = {
      "Runs the detector over the first signal of every annotated record of a WFDB database (for",
      "example MIT-BIH in ../shared/data/mitdb), fed in blocks as a stream delivers them, and compares",
      "its beats with the reference annotations: 150 ms match window, scored from minute 5 on.",
      "Prints Se and +P per record and gross, and the detector's throughput in samples per second."
    })
final class ScoreQrsCommand implements Callable<Integer> {

  @Option(names = "--db", required = true, description = "WFDB database folder (with RECORDS, .hea, .dat, .atr).")
  Path database;

  @Option(names = "--detector", defaultValue = "pan-tompkins", converter = DetectorKindConverter.class,
      description = "Detector: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  QrsDetectors.Kind detector;

  @Option(names = "--json", description = "Print the result as JSON instead of a table.")
  boolean json;

  @Option(names = "--write-annotations", paramLabel = "DIR",
      description = "Also write the detected beats as WFDB annotation files DIR/<record>.qrs, for PhysioNet's bxb.")
  Path annotationDir;

  @Option(names = "--block-ms", defaultValue = "250", description = "Samples are fed in blocks of this length (default: ${DEFAULT-VALUE}).")
  int blockMillis;

  /** Reads detector names as printed: pan-tompkins, slope-energy. */
  static final class DetectorKindConverter implements picocli.CommandLine.ITypeConverter<QrsDetectors.Kind> {
    @Override
    public QrsDetectors.Kind convert(String value) {
      for (QrsDetectors.Kind kind : QrsDetectors.Kind.values()) {
        if (kind.toString().equalsIgnoreCase(value.trim())) {
          return kind;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a detector; choose one of "
          + java.util.Arrays.toString(QrsDetectors.Kind.values()));
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(database)) {
      System.err.println("score-qrs: " + database + " is not a folder; point --db at a WFDB database such as ../shared/data/mitdb");
      return 2;
    }
    if (annotationDir != null) {
      Files.createDirectories(annotationDir);
    }
    if (!json) {
      System.out.printf("%-8s %8s %6s %6s %8s %8s%n", "record", "TP", "FN", "FP", "Se %", "+P %");
    }
    QrsDatabaseScore.Result result = QrsDatabaseScore.score(database, detector::create, blockMillis / 1000.0, r -> {
      if (!json) {
        System.out.println(row(r.score()));
      }
      if (annotationDir != null) {
        try {
          AnnotationWriter.writeBeats(annotationDir.resolve(r.score().record() + ".qrs"), r.detected());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot write annotations to " + annotationDir, e);
        }
      }
    });
    if (json) {
      System.out.println(toJson(result));
    } else {
      System.out.println(row(result.gross()));
      System.out.printf(Locale.ROOT, "detector %s: %,.0f samples/s over %d records (%,d samples)%n",
          detector, result.samplesPerSecond(), result.records().size(), result.samples());
    }
    return 0;
  }

  private static String row(BeatByBeatScore s) {
    return String.format(Locale.ROOT, "%-8s %8d %6d %6d %8.2f %8.2f", s.record(), s.truePositives(), s.falseNegatives(),
        s.falsePositives(), 100 * s.sensitivity(), 100 * s.positivePredictivity());
  }

  private String toJson(QrsDatabaseScore.Result result) {
    StringBuilder json = new StringBuilder();
    json.append("{\"database\":\"").append(database.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append("\",")
        .append("\"detector\":\"").append(detector).append("\",")
        .append("\"matchWindowSeconds\":0.15,\"scoringStartSeconds\":300,")
        .append("\"gross\":").append(scoreJson(result.gross())).append(',')
        .append(String.format(Locale.ROOT, "\"samplesPerSecond\":%.0f,", result.samplesPerSecond()))
        .append("\"records\":[");
    for (int i = 0; i < result.records().size(); i++) {
      json.append(i == 0 ? "" : ",").append(scoreJson(result.records().get(i).score()));
    }
    return json.append("]}").toString();
  }

  private static String scoreJson(BeatByBeatScore s) {
    return String.format(Locale.ROOT, "{\"record\":\"%s\",\"tp\":%d,\"fn\":%d,\"fp\":%d,\"se\":%.5f,\"ppv\":%.5f}",
        s.record(), s.truePositives(), s.falseNegatives(), s.falsePositives(), s.sensitivity(), s.positivePredictivity());
  }
}
