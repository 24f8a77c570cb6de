package org.ecgstream.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecgstream.core.bundle.ZeroShotCalibration;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.data.PtbXlEntry;
import org.ecgstream.trainer.data.Split;
import org.ecgstream.trainer.eval.SimulatedBedWindows.Condition;

/**
 * {@code ./ecg eval --advisory-labels}: which zero-shot labels besides AF are good enough to raise
 * an advisory alarm, measured. For each {@link AdvisoryLabel}, every candidate prompt set is scored
 * (cosine with the set's mean prompt embedding, one-vs-rest AUC with a stratified bootstrap interval)
 * on the selection data: PTB-XL fold 9 (validation) when it holds at least
 * {@link #MIN_SELECTION_POSITIVES} positives, else folds 1-9 (folds 1-8 were pre-training pairs,
 * seen with their reports but never with labels; that is said in the output). The best set is
 * calibrated on the same data (Platt) and scored once on fold 10 (test) and on simulated demo beds
 * ({@link SimulatedBedWindows}). A label becomes an advisory only when its fold-10 AUC is at least
 * {@link #ADVISORY_MIN_AUC} with an interval above 0.5; evidence only when the interval is above 0.5
 * but the AUC is lower; otherwise it is not shipped.
 */
public final class AdvisoryLabelEvaluation {

  static final int MIN_SELECTION_POSITIVES = 10;
  public static final double ADVISORY_MIN_AUC = 0.75;
  public static final String RESULT_FILE = "eval-advisory.json";
  /** What {@link #select} writes: the selection alone, never an input to a bundle version. */
  public static final String SELECTION_FILE = "eval-advisory-selection.json";

  /** What the evaluation recommends for a label. */
  public enum Decision { ADVISORY, EVIDENCE, NONE }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PtbXlDataset dataset;
  private final int simulatedBeds;
  private final PrintStream progress;

  public AdvisoryLabelEvaluation(PtbXlDataset dataset, int simulatedBeds, PrintStream progress) {
    this.dataset = dataset;
    this.simulatedBeds = simulatedBeds;
    this.progress = progress;
  }

  /**
   * Scores every label with {@code encoders} (of {@code model}, named in the output); the figures,
   * also written to {@code outDir/eval-advisory.json}.
   */
  public Map<String, Object> run(Encoders encoders, String model, Path outDir) throws IOException {
    return run(encoders, model, outDir, true);
  }

  /**
   * The selection alone (written to {@code outDir/eval-advisory-selection.json}): every candidate's AUC on
   * the selection data, the chosen set and its calibration. Fold 10 and the simulated beds are never
   * read, so new candidates can be compared and the choice recorded before the test fold is looked at.
   */
  public Map<String, Object> select(Encoders encoders, String model, Path outDir) throws IOException {
    return run(encoders, model, outDir, false);
  }

  private Map<String, Object> run(Encoders encoders, String model, Path outDir, boolean scoreTest) throws IOException {
    WindowPreprocessor preprocessor = new WindowPreprocessor(encoders.inputSpec());
    List<PtbXlEntry> train = dataset.entries(Split.TRAIN);
    List<PtbXlEntry> validation = dataset.entries(Split.VALIDATION);
    List<PtbXlEntry> test = dataset.entries(Split.TEST);
    if (scoreTest) {
      progress.printf("eval: advisory labels on PTB-XL folds 1-8 (%d), 9 (%d), 10 (%d) and %d simulated beds per condition%n",
          train.size(), validation.size(), test.size(), simulatedBeds);
    } else {
      progress.printf("eval: advisory-label selection only, PTB-XL folds 1-8 (%d) and 9 (%d); fold 10 not read%n",
          train.size(), validation.size());
    }
    float[][] trainEmbeddings = embed(train, preprocessor, encoders);
    float[][] validationEmbeddings = embed(validation, preprocessor, encoders);
    if (!scoreTest) {
      return selectionOnly(encoders, model, outDir, train, validation, trainEmbeddings, validationEmbeddings);
    }
    float[][] testEmbeddings = embed(test, preprocessor, encoders);
    SimulatedBedWindows beds = SimulatedBedWindows.generate(simulatedBeds, preprocessor);
    Map<Condition, float[][]> bedEmbeddings = new LinkedHashMap<>();
    for (Condition c : Condition.values()) {
      bedEmbeddings.put(c, encoders.embedEcg(beds.windows(c)));
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dataset", "ptbxl-advisory");
    result.put("model", model);
    Map<String, Integer> records = new LinkedHashMap<>();
    records.put("folds_1_8", train.size());
    records.put("fold_9", validation.size());
    records.put("fold_10", test.size());
    result.put("records", records);
    result.put("score", "cosine with the mean prompt embedding of the set, one-vs-rest; AUC with a 95 % stratified "
        + "percentile bootstrap interval (" + AucInterval.RESAMPLES + " resamples, seed " + AucInterval.SEED + ")");
    result.put("selection_rule", "prompt set with the highest AUC on fold 9 when it has >= " + MIN_SELECTION_POSITIVES
        + " positives, else on folds 1-9 (folds 1-8 were pre-training ECG-report pairs, never labels); ties to the "
        + "first; calibrated (Platt) on the same records; fold 10 scored once, for the chosen set only");
    result.put("decision_rule", "advisory: fold-10 AUC >= " + ADVISORY_MIN_AUC + " and interval above 0.5; "
        + "evidence only: interval above 0.5; else not shipped");
    result.put("simulated", "StreamingTwelveLeadGenerator, 250 Hz, steady state, 55-95 bpm, " + simulatedBeds
        + " beds per condition, seeds from " + SimulatedBedWindows.SEED + ", no electrode noise");
    Map<String, Object> labels = new LinkedHashMap<>();
    for (AdvisoryLabel label : AdvisoryLabel.values()) {
      boolean[] testTruth = truth(test, label);
      Selection chosen = select(encoders, label, train, validation, trainEmbeddings, validationEmbeddings, false);
      AdvisoryLabel.PromptSet best = chosen.best();
      ZeroShotCalibration calibration = chosen.calibration();
      AucInterval testAuc = AucInterval.of(cosines(encoders, label, best.prompts(), testEmbeddings), testTruth);

      Map<String, Object> simulated = new LinkedHashMap<>();
      double[] sinus = cosines(encoders, label, best.prompts(), bedEmbeddings.get(Condition.SINUS));
      List<Double> pooledPositives = new ArrayList<>();
      List<Double> pooledNegatives = new ArrayList<>();
      for (Condition c : Condition.values()) {
        double[] s = cosines(encoders, label, best.prompts(), bedEmbeddings.get(c));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("positive", c.positiveFor(label));
        row.put("mean_probability", calibration == null ? null : meanProbability(s, calibration));
        if (c != Condition.SINUS) {
          row.putAll(figures(AucInterval.of(join(s, sinus), positives(s.length, sinus.length)), Map.of()));
        }
        for (double v : s) {
          (c.positiveFor(label) ? pooledPositives : pooledNegatives).add(v);
        }
        simulated.put(c.name().toLowerCase(Locale.ROOT), row);
      }
      double[] pooled = pooledPositives.stream().mapToDouble(Double::doubleValue).toArray();
      AucInterval simulatedAuc = AucInterval.of(join(pooled, sinus), positives(pooled.length, sinus.length));
      simulated.put("all_positives_vs_sinus", figures(simulatedAuc, Map.of()));
      // Against every other condition too: a label that fires on any abnormal bed is no use as an advisory.
      double[] others = pooledNegatives.stream().mapToDouble(Double::doubleValue).toArray();
      AucInterval specificAuc = AucInterval.of(join(pooled, others), positives(pooled.length, others.length));
      simulated.put("all_positives_vs_all_other_conditions", figures(specificAuc, Map.of()));

      Decision decision = calibration == null ? Decision.NONE
          : testAuc.auc() >= ADVISORY_MIN_AUC && testAuc.excludes(0.5) ? Decision.ADVISORY
          : testAuc.excludes(0.5) ? Decision.EVIDENCE : Decision.NONE;
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("alarm_kind", label.alarmKind());
      l.put("positive_rule", label.positiveRule());
      l.put("selection_split", chosen.split());
      l.put("candidates", chosen.candidates());
      l.put("chosen", best.name());
      l.put("prompts", best.prompts());
      l.put("calibration", calibration);
      l.put("test_fold_10", figures(testAuc, Map.of()));
      l.put("simulated", simulated);
      l.put("decision", decision.name());
      labels.put(label.label(), l);
      progress.printf("eval: %s: chose %s on %s (AUC %s); fold 10 %s; simulated beds vs sinus %s, vs every other condition %s -> %s%n",
          label.label(), best.name(), chosen.split(), chosen.bestAuc(), testAuc, simulatedAuc, specificAuc, decision);
    }
    result.put("labels", labels);
    Files.createDirectories(outDir);
    JSON.writeValue(outDir.resolve(RESULT_FILE).toFile(), result);
    return result;
  }

  private Map<String, Object> selectionOnly(Encoders encoders, String model, Path outDir, List<PtbXlEntry> train,
      List<PtbXlEntry> validation, float[][] trainEmbeddings, float[][] validationEmbeddings) throws IOException {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dataset", "ptbxl-advisory-selection");
    result.put("model", model);
    result.put("records", Map.of("folds_1_8", train.size(), "fold_9", validation.size()));
    result.put("selection_rule", "prompt set with the highest AUC on fold 9 when it has >= " + MIN_SELECTION_POSITIVES
        + " positives, else on folds 1-9; ties to the first; fold 10 not read");
    Map<String, Object> labels = new LinkedHashMap<>();
    for (AdvisoryLabel label : AdvisoryLabel.values()) {
      Selection chosen = select(encoders, label, train, validation, trainEmbeddings, validationEmbeddings, true);
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("selection_split", chosen.split());
      l.put("candidates", chosen.candidates());
      l.put("chosen", chosen.best().name());
      l.put("prompts", chosen.best().prompts());
      l.put("calibration", chosen.calibration());
      labels.put(label.label(), l);
      progress.printf("eval: %s: chose %s on %s (AUC %s)%n", label.label(), chosen.best().name(), chosen.split(),
          chosen.bestAuc());
    }
    result.put("labels", labels);
    Files.createDirectories(outDir);
    JSON.writeValue(outDir.resolve(SELECTION_FILE).toFile(), result);
    return result;
  }

  /**
   * A label's prompt set chosen on the selection data (see the selection rule), with every
   * candidate's figures and the chosen set's calibration on the same records.
   *
   * @param split "fold 9" or "folds 1-9"
   * @param calibration null when no increasing calibration fits
   */
  private record Selection(String split, Map<String, Object> candidates, AdvisoryLabel.PromptSet best, AucInterval bestAuc,
      ZeroShotCalibration calibration) {}

  /** The selection for {@code label}; {@code printCandidates}: a progress line per candidate. */
  private Selection select(Encoders encoders, AdvisoryLabel label, List<PtbXlEntry> train, List<PtbXlEntry> validation,
      float[][] trainEmbeddings, float[][] validationEmbeddings, boolean printCandidates) {
    boolean[] validationTruth = truth(validation, label);
    boolean validationOnly = count(validationTruth) >= MIN_SELECTION_POSITIVES;
    float[][] selectionEmbeddings = validationOnly ? validationEmbeddings : concat(trainEmbeddings, validationEmbeddings);
    boolean[] selectionTruth = validationOnly ? validationTruth : concat(truth(train, label), validationTruth);
    Map<String, Object> candidates = new LinkedHashMap<>();
    AdvisoryLabel.PromptSet best = null;
    AucInterval bestAuc = null;
    for (AdvisoryLabel.PromptSet set : label.candidates()) {
      AucInterval auc = AucInterval.of(cosines(encoders, label, set.prompts(), selectionEmbeddings), selectionTruth);
      candidates.put(set.name(), figures(auc, Map.of("prompts", set.prompts())));
      if (printCandidates) {
        progress.printf("eval: %s: %-22s %s%n", label.label(), set.name(), auc);
      }
      if (bestAuc == null || auc.auc() > bestAuc.auc()) {
        best = set;
        bestAuc = auc;
      }
    }
    ZeroShotCalibration calibration = PlattScaling.fit(cosines(encoders, label, best.prompts(), selectionEmbeddings),
        selectionTruth);
    return new Selection(validationOnly ? "fold 9" : "folds 1-9", candidates, best, bestAuc, calibration);
  }

  private float[][] embed(List<PtbXlEntry> entries, WindowPreprocessor preprocessor, Encoders encoders) throws IOException {
    LabelledWindows windows = new LabelledWindows();
    for (PtbXlEntry entry : entries) {
      windows.add(dataset.recording(entry), 0, preprocessor);
    }
    return windows.embed(encoders);
  }

  private static double[] cosines(Encoders encoders, AdvisoryLabel label, List<String> prompts, float[][] embeddings) {
    double[][] s = new ZeroShotClassifier(encoders, new Prompts(Map.of(label.label(), prompts))).scores(embeddings);
    double[] column = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      column[i] = s[i][0];
    }
    return column;
  }

  private static Map<String, Object> figures(AucInterval auc, Map<String, Object> extra) {
    Map<String, Object> m = new LinkedHashMap<>(extra);
    m.put("auc", auc.auc());
    m.put("auc_low", auc.low());
    m.put("auc_high", auc.high());
    m.put("positives", auc.positives());
    m.put("negatives", auc.negatives());
    return m;
  }

  private static double meanProbability(double[] cosines, ZeroShotCalibration calibration) {
    double sum = 0;
    for (double c : cosines) {
      sum += calibration.probability(c);
    }
    return sum / cosines.length;
  }

  static boolean[] truth(List<PtbXlEntry> entries, AdvisoryLabel label) {
    boolean[] t = new boolean[entries.size()];
    for (int i = 0; i < t.length; i++) {
      t[i] = label.positive(entries.get(i));
    }
    return t;
  }

  private static int count(boolean[] b) {
    int n = 0;
    for (boolean v : b) {
      n += v ? 1 : 0;
    }
    return n;
  }

  private static float[][] concat(float[][] a, float[][] b) {
    float[][] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static boolean[] concat(boolean[] a, boolean[] b) {
    boolean[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static double[] join(double[] a, double[] b) {
    double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static boolean[] positives(int positives, int negatives) {
    boolean[] p = new boolean[positives + negatives];
    java.util.Arrays.fill(p, 0, positives, true);
    return p;
  }

  /** A short table of the figures. */
  @SuppressWarnings("unchecked")
  public static String table(Map<String, Object> result) {
    StringBuilder out = new StringBuilder();
    Map<String, Object> labels = (Map<String, Object>) result.get("labels");
    labels.forEach((name, value) -> {
      Map<String, Object> l = (Map<String, Object>) value;
      out.append(name).append(" (selection on ").append(l.get("selection_split")).append(")\n");
      ((Map<String, Object>) l.get("candidates")).forEach((set, f) -> out.append(line("  " + set, (Map<String, Object>) f)));
      out.append("  chosen ").append(l.get("chosen")).append(", calibration ").append(l.get("calibration")).append('\n');
      out.append(line("  fold 10 (test)", (Map<String, Object>) l.get("test_fold_10")));
      ((Map<String, Object>) l.get("simulated")).forEach((c, f) -> {
        Map<String, Object> row = (Map<String, Object>) f;
        if (row.containsKey("auc")) {
          out.append(line("  simulated " + (c.startsWith("all_") ? c.replace('_', ' ') : c + " vs sinus"), row));
        }
      });
      out.append("  decision ").append(l.get("decision")).append('\n');
    });
    return out.toString();
  }

  private static String line(String name, Map<String, Object> f) {
    return String.format(Locale.ROOT, "%-44s AUC %.3f [%.3f, %.3f]  %3d pos %4d neg%n", name, f.get("auc"), f.get("auc_low"),
        f.get("auc_high"), f.get("positives"), f.get("negatives"));
  }
}
