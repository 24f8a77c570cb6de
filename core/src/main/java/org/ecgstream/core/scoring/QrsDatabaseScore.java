package org.ecgstream.core.scoring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.ecgstream.core.qrs.QrsDetector;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbFormatException;
import org.ecgstream.core.wfdb.WfdbRecord;

/**
 * Runs a streaming QRS detector over every record of a WFDB database (the records listed in its
 * RECORDS file that have {@code .atr} reference annotations) and scores it beat by beat.
 */
public final class QrsDatabaseScore {

  /** One record's result with the detections, so they can be written out as annotations. */
  public record RecordResult(BeatByBeatScore score, long[] detected, long samples, double sampleRateHz) {}

  /** The whole database: per-record results, gross score and detector throughput. */
  public record Result(List<RecordResult> records, BeatByBeatScore gross, long samples, double detectorSeconds) {
    public double samplesPerSecond() {
      return samples / Math.max(1e-9, detectorSeconds);
    }
  }

  private QrsDatabaseScore() {}

  /**
   * Scores {@code detectorFactory} (given a sample rate) on the first signal of each record, fed in
   * blocks of {@code blockSeconds} as a stream would deliver them.
   */
  public static Result score(Path database, IntFunction<QrsDetector> detectorFactory, double blockSeconds,
      java.util.function.Consumer<RecordResult> progress) throws WfdbFormatException {
    List<String> names = recordNames(database);
    List<RecordResult> results = new ArrayList<>();
    long totalSamples = 0;
    long detectorNanos = 0;
    for (String name : names) {
      WfdbRecord record = WfdbRecord.read(database, name);
      int rate = (int) Math.round(record.samplingFrequencyHz());
      List<Annotation> annotations = AnnotationReader.read(database, name, "atr");
      long[] reference = annotations.stream().filter(Annotation::isBeat).mapToLong(Annotation::sample).toArray();
      float[] signal = record.physical(scoredSignal(record));
      QrsDetector detector = detectorFactory.apply(rate);
      int block = Math.max(1, (int) Math.round(blockSeconds * rate));
      List<Long> detected = new ArrayList<>();
      long start = System.nanoTime();
      for (int from = 0; from < signal.length; from += block) {
        detector.accept(java.util.Arrays.copyOfRange(signal, from, Math.min(signal.length, from + block)), detected::add);
      }
      detectorNanos += System.nanoTime() - start;
      totalSamples += signal.length;
      long[] beats = detected.stream().mapToLong(Long::longValue).toArray();
      BeatByBeatScore score = BeatMatcher.score(name, reference, beats, rate,
          Math.round(BeatMatcher.SCORING_START_SECONDS * rate), flutterIntervals(annotations, record.length()));
      RecordResult result = new RecordResult(score, beats, signal.length, rate);
      results.add(result);
      progress.accept(result);
    }
    BeatByBeatScore gross = BeatByBeatScore.gross("gross", results.stream().map(RecordResult::score).toList());
    return new Result(results, gross, totalSamples, detectorNanos / 1e9);
  }

  /**
   * The signal scored: modified lead II (MLII) or lead II where the record has it, as QRS
   * detectors are conventionally scored on MIT-BIH (record 114 stores V5 first), else the first.
   */
  public static int scoredSignal(WfdbRecord record) {
    int mlii = record.signalIndex("MLII");
    if (mlii >= 0) {
      return mlii;
    }
    int ii = record.signalIndex("II");
    return ii >= 0 ? ii : 0;
  }

  /** Ventricular flutter/fibrillation episodes, from {@code [} to {@code ]} annotations. */
  static long[][] flutterIntervals(List<Annotation> annotations, long recordLength) {
    List<long[]> intervals = new ArrayList<>();
    long start = -1;
    for (Annotation a : annotations) {
      if (a.mnemonic().equals("[")) {
        start = a.sample();
      } else if (a.mnemonic().equals("]") && start >= 0) {
        intervals.add(new long[] {start, a.sample()});
        start = -1;
      }
    }
    if (start >= 0) {
      intervals.add(new long[] {start, recordLength});
    }
    return intervals.toArray(new long[0][]);
  }

  /** Records named in the database's RECORDS file that have reference annotations. */
  public static List<String> recordNames(Path database) throws WfdbFormatException {
    Path list = database.resolve("RECORDS");
    try {
      List<String> names = Files.exists(list)
          ? Files.readAllLines(list).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()
          : Files.list(database).map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".hea"))
              .map(f -> f.substring(0, f.length() - 4)).sorted().toList();
      List<String> annotated = names.stream().filter(n -> Files.exists(database.resolve(n + ".atr"))).toList();
      if (annotated.isEmpty()) {
        throw new WfdbFormatException(database + ": no records with .atr reference annotations found");
      }
      return annotated;
    } catch (java.io.IOException e) {
      throw new WfdbFormatException(database + ": cannot list records: " + e.getMessage(), e);
    }
  }
}
