package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.core.quality.LeadNoiseIndex;
import org.ecgstream.core.scoring.NoiseScore;
import org.ecgstream.core.scoring.QrsDatabaseScore;
import org.ecgstream.core.wfdb.WfdbFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg score-noise}: the patient NOISE condition on annotated records and on the noise stress test. */
@Command(
    name = "score-noise",
    mixinStandardHelpOptions = true,
    header = "Score the per-lead noise index and the patient NOISE technical condition on WFDB databases.",
    description = {
      "Streams every lead of each record through the rhythm analysis in 250 ms blocks, as the",
      "alarm job does, and scores when the patient is NOISE (every usable lead noisy; per lead,",
      "LeadNoiseIndex: agreement of Pan-Tompkins and a Haar-wavelet QRS detector over 10 s, and",
      "the 0.5-1 Hz power share).",
      "--db: records with ~ signal-quality annotations (MIT-BIH): NOISE time per record, the part",
      "  of it outside annotated noise, NOISE episodes and false ones (overlapping no annotated noise).",
      "--nstdb: MIT-BIH Noise Stress Test records (noise from minute 5, 2 min noisy, 2 min clean):",
      "  noisy segments flagged, share of noisy and of clean time flagged, per record and lead,",
      "  and any asystole raised (false: the heart beats throughout).",
      "A second of signal is compared with the condition 10 s later (its judgement delay); the",
      "20 s after noise ends count as neither noisy nor clean. Also prints the cost per sample.",
      "--mix-records makes more stress tests in memory from clean --db records and NSTDB's noise",
      "records (ma, bw) with nst's protocol and SNR calibration, scored as --nstdb's."
    })
final class ScoreNoiseCommand implements Callable<Integer> {

  @Option(names = "--db", description = "WFDB database with ~ signal-quality annotations in its .atr files, e.g. ../shared/data/mitdb.")
  Path database;

  @Option(names = "--records", split = ",", description = "Only these records of --db (default: all with .atr files).")
  List<String> records;

  @Option(names = "--nstdb", description = "MIT-BIH Noise Stress Test folder, e.g. ../shared/data/nstdb (default: not scored).")
  Path noiseStress;

  @Option(names = "--nstdb-records", split = ",", description = "Noise stress records to score (default: every record there with .atr files, e.g. 118e24,118e12,118e00).")
  List<String> noiseStressRecords;

  @Option(names = "--mix-records", split = ",", description = "Clean records of --db to make noise stress tests of, the way WFDB's nst does (noise of --mix-noise from --nstdb added from minute 5, 2 min on, 2 off, at each --mix-snr), e.g. 118,119 (default: none).")
  List<String> mixRecords;

  @Option(names = "--mix-noise", split = ",", description = "Noise records of --nstdb to add to --mix-records (default: ma,bw: muscle, baseline wander).")
  List<String> mixNoise = List.of("ma", "bw");

  @Option(names = "--mix-snr", split = ",", description = "SNRs in dB for --mix-records, nst's definition (default: 24,12,6,0; NSTDB also has -6).")
  List<Double> mixSnrDb = List.of(24.0, 12.0, 6.0, 0.0);

  @Option(names = "--cost-passes", description = "Passes over the first --db record (else the first NSTDB record) to time the noise index; 0 skips timing (default: 3).")
  int costPasses = 3;

  @Option(names = "--json", description = "Print the result as JSON instead of tables.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (database == null && noiseStress == null) {
      System.err.println("score-noise: give --db (e.g. ../shared/data/mitdb) and/or --nstdb (e.g. ../shared/data/nstdb)");
      return 2;
    }
    for (Path folder : Arrays.asList(database, noiseStress)) {
      if (folder != null && !Files.isDirectory(folder)) {
        System.err.println("score-noise: " + folder + " is not a folder; point --db at a WFDB database such as ../shared/data/mitdb and --nstdb at ../shared/data/nstdb");
        return 2;
      }
    }
    if (mixRecords != null && (database == null || noiseStress == null)) {
      System.err.println("score-noise: --mix-records needs --db (the clean records, e.g. ../shared/data/mitdb) and --nstdb (the noise records ma, bw)");
      return 2;
    }
    if (costPasses < 0) {
      System.err.println("score-noise: --cost-passes must be 0 or more, got " + costPasses);
      return 2;
    }
    long start = System.nanoTime();
    try {
      List<NoiseScore.StressResult> stress = new java.util.ArrayList<>(noiseStress == null ? List.of()
          : NoiseScore.noiseStress(noiseStress, noiseStressRecords != null ? noiseStressRecords : QrsDatabaseScore.recordNames(noiseStress)));
      for (String clean : mixRecords == null ? List.<String>of() : mixRecords) {
        for (String noise : mixNoise) {
          for (double snr : mixSnrDb) {
            stress.add(NoiseScore.mixedStress(database, clean, noiseStress, noise, snr));
          }
        }
      }
      List<String> annotatedRecords = database == null ? List.of() : records != null ? records : QrsDatabaseScore.recordNames(database);
      List<NoiseScore.AnnotatedResult> annotated = database == null ? List.of() : NoiseScore.annotatedNoise(database, annotatedRecords);
      double seconds = (System.nanoTime() - start) / 1e9;
      double[] cost = null;
      if (costPasses > 0) {
        Path costDb = database != null ? database : noiseStress;
        String costRecord = database != null ? annotatedRecords.get(0) : stress.get(0).record();
        cost = NoiseScore.costNanosPerSample(costDb, costRecord, costPasses);
      }
      if (json) {
        printJson(stress, annotated, cost, seconds);
      } else {
        printTables(stress, annotated, cost, seconds);
      }
      return 0;
    } catch (WfdbFormatException e) {
      System.err.println("score-noise: " + e.getMessage() + " (point --db / --nstdb at WFDB databases with .hea, .dat and .atr files)");
      return 2;
    }
  }

  private static void printTables(List<NoiseScore.StressResult> stress, List<NoiseScore.AnnotatedResult> annotated, double[] cost,
      double seconds) {
    System.out.printf(Locale.ROOT, "NOISE: every usable lead noisy (bSQI < %.2f, or < %.2f with 0.5-1 Hz share > %.2f, in 5 of 10 s; ends after 10 clearly clean s)%n",
        LeadNoiseIndex.AGREEMENT_NOISY_BELOW, LeadNoiseIndex.AGREEMENT_DOUBTFUL_BELOW, LeadNoiseIndex.BASELINE_SHARE_NOISY_ABOVE);
    if (!stress.isEmpty()) {
      System.out.printf(Locale.ROOT, "%n%-12s %9s %8s %12s %12s   %s%n", "record", "segments", "flagged", "noisy flagged", "clean flagged",
          "per lead: noisy / clean flagged; false asystole");
      for (NoiseScore.StressResult r : stress) {
        StringBuilder leads = new StringBuilder();
        for (int l = 0; l < r.leadNoisyShareFlagged().length; l++) {
          leads.append(String.format(Locale.ROOT, "  %d: %.1f%% / %.1f%%", l, 100 * r.leadNoisyShareFlagged()[l], 100 * r.leadCleanShareFlagged()[l]));
        }
        StringBuilder asystole = new StringBuilder();
        r.asystoleSeconds().forEach(s -> asystole.append(String.format(Locale.ROOT, " %.0f s", s)));
        System.out.printf(Locale.ROOT, "%-12s %9d %8d %11.1f%% %12.1f%%  %s%s%n", r.record(), r.noisySegments(), r.segmentsFlagged(),
            100 * r.noisyShareFlagged(), 100 * r.cleanShareFlagged(), leads,
            asystole.length() == 0 ? "" : ";  ASYSTOLE at" + asystole);
      }
    }
    if (!annotated.isEmpty()) {
      System.out.printf(Locale.ROOT, "%n%-7s %10s %9s %9s %9s %7s%n", "record", "annot. s", "NOISE s", "outside", "episodes", "false");
      long annotatedSeconds = 0;
      long noise = 0;
      long outside = 0;
      int episodes = 0;
      int falseEpisodes = 0;
      double hours = 0;
      for (NoiseScore.AnnotatedResult r : annotated) {
        annotatedSeconds += r.annotatedNoiseSeconds();
        noise += r.noiseSeconds();
        outside += r.noiseSecondsOutsideAnnotations();
        episodes += r.episodes();
        falseEpisodes += r.falseEpisodes();
        hours += r.hours();
        if (r.noiseSeconds() > 0) {
          System.out.printf(Locale.ROOT, "%-7s %10d %9d %9d %9d %7d%n", r.record(), r.annotatedNoiseSeconds(), r.noiseSeconds(),
              r.noiseSecondsOutsideAnnotations(), r.episodes(), r.falseEpisodes());
        }
      }
      System.out.printf(Locale.ROOT, "(records without NOISE not shown; %d records, %.1f h, %d s annotated noisy on some signal)%n",
          annotated.size(), hours, annotatedSeconds);
      System.out.printf(Locale.ROOT, "gross: NOISE %d s, %d s of it outside annotated noise (%.2f%% of the time); %d episodes, %d false (%.2f per hour)%n",
          noise, outside, 100.0 * outside / (hours * 3600), episodes, falseEpisodes, falseEpisodes / hours);
    }
    if (cost != null) {
      System.out.printf(Locale.ROOT, "%ncost: noise index %.1f ns per sample per lead; whole rhythm analysis with it %.1f ns (best of passes)%n",
          cost[0], cost[1]);
    }
    System.out.printf(Locale.ROOT, "%.1f s%n", seconds);
  }

  private static void printJson(List<NoiseScore.StressResult> stress, List<NoiseScore.AnnotatedResult> annotated, double[] cost,
      double seconds) {
    StringBuilder out = new StringBuilder("{\"noiseStress\":[");
    for (int i = 0; i < stress.size(); i++) {
      NoiseScore.StressResult r = stress.get(i);
      out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"record\":\"%s\",\"noisySegments\":%d,\"segmentsFlagged\":%d,\"noisyShareFlagged\":%.4f,\"cleanShareFlagged\":%.4f,"
              + "\"leadNoisyShareFlagged\":%s,\"leadCleanShareFlagged\":%s,\"asystoleSeconds\":%s}",
          r.record(), r.noisySegments(), r.segmentsFlagged(), r.noisyShareFlagged(), r.cleanShareFlagged(),
          jsonArray(r.leadNoisyShareFlagged()), jsonArray(r.leadCleanShareFlagged()),
          jsonArray(r.asystoleSeconds().stream().mapToDouble(Double::doubleValue).toArray())));
    }
    out.append("],\"annotated\":[");
    for (int i = 0; i < annotated.size(); i++) {
      NoiseScore.AnnotatedResult r = annotated.get(i);
      out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "{\"record\":\"%s\",\"hours\":%.3f,\"annotatedNoiseSeconds\":%d,\"noiseSeconds\":%d,\"noiseSecondsOutsideAnnotations\":%d,"
              + "\"episodes\":%d,\"falseEpisodes\":%d}",
          r.record(), r.hours(), r.annotatedNoiseSeconds(), r.noiseSeconds(), r.noiseSecondsOutsideAnnotations(), r.episodes(),
          r.falseEpisodes()));
    }
    out.append("]");
    if (cost != null) {
      out.append(String.format(Locale.ROOT, ",\"costNanosPerSample\":{\"noiseIndex\":%.2f,\"rhythmAnalysis\":%.2f}", cost[0], cost[1]));
    }
    System.out.println(out.append(String.format(Locale.ROOT, ",\"seconds\":%.1f}", seconds)));
  }

  private static String jsonArray(double[] values) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ",").append(Double.isNaN(values[i]) ? "null" : String.format(Locale.ROOT, "%.4f", values[i]));
    }
    return out.append("]").toString();
  }
}
