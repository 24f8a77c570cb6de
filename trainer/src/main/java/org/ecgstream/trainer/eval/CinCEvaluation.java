package org.ecgstream.trainer.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.bundle.ZeroShotCalibration;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.trainer.data.CinC2017Dataset;
import org.ecgstream.trainer.data.CinC2017Label;
import org.ecgstream.trainer.data.LabelledRecording;
import org.ecgstream.trainer.data.Split;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.train.SupervisedBaseline;

/**
 * C-MELT evaluated on CinC 2017 (single lead, never paired with text in training), the way the
 * paper evaluates: zero-shot from prompts, and linear probes on frozen embeddings with 1%, 10% and
 * 100% of the training labels; next to a randomly initialised encoder and the same encoder trained
 * supervised from scratch, on the same fixed stratified split. Noisy recordings are left out.
 */
public final class CinCEvaluation implements DatasetEvaluation {

  /** The three rhythm classes, in the order of {@link Prompts#rhythm()}. */
  static final List<CinC2017Label> CLASSES = List.of(CinC2017Label.NORMAL, CinC2017Label.AF, CinC2017Label.OTHER);
  static final int AF = 1;
  /** Label fractions of the linear probes and supervised baselines. */
  public static final double[] FRACTIONS = {0.01, 0.10, 1.0};
  static final long SUBSAMPLE_SEED = 2017;
  /**
   * Label draws averaged for the 1% and 10% probes; draw d uses seed {@code SUBSAMPLE_SEED + d}
   * for every encoder, so the encoders are compared on the same labelled recordings draw by draw.
   */
  static final int PROBE_DRAWS = 50;
  /** Label draws of the 1% supervised baseline: the probes' draws 0 to 9 (each is a full training run). */
  static final int SUPERVISED_DRAWS = 10;
  /**
   * Class weighting of every probe's cross-entropy. On the validation split (L2 by cross-validation)
   * balanced and unweighted tied at 1 % (50 draws: C-MELT 0.678 both, random init 0.525 both) and
   * balanced lost at 10 % (20 draws: C-MELT 0.745 vs 0.767, random init 0.574 vs 0.577) and 100 %
   * (0.822 vs 0.833, 0.667 vs 0.676), so probes are unweighted.
   */
  static final ClassWeighting PROBE_WEIGHTING = ClassWeighting.NONE;

  private final CinC2017Dataset dataset;
  private final Prompts prompts;
  private final PrintStream progress;
  private LabelledWindows train;
  private LabelledWindows validation;
  private LabelledWindows test;

  public CinCEvaluation(CinC2017Dataset dataset, Prompts prompts, PrintStream progress) {
    this.dataset = dataset;
    this.prompts = prompts;
    this.progress = progress;
  }

  /** Loads and preprocesses the train and test splits once. */
  @Override
  public void load(WindowPreprocessor preprocessor) throws IOException {
    train = windows(Split.TRAIN, preprocessor);
    validation = windows(Split.VALIDATION, preprocessor);
    test = windows(Split.TEST, preprocessor);
    progress.printf("eval: CinC 2017 train %d, validation %d, test %d recordings (noisy left out)%n", train.size(),
        validation.size(), test.size());
  }

  private LabelledWindows windows(Split split, WindowPreprocessor preprocessor) throws IOException {
    LabelledWindows windows = new LabelledWindows();
    for (String id : dataset.split(split)) {
      CinC2017Label label = dataset.label(id).orElseThrow();
      int k = CLASSES.indexOf(label);
      if (k < 0) {
        continue;
      }
      LabelledRecording r = dataset.load(id);
      windows.add(r.recording(), k, preprocessor);
    }
    return windows;
  }

  public boolean[] testIsAf() {
    int[] y = test.labels();
    boolean[] af = new boolean[y.length];
    for (int i = 0; i < y.length; i++) {
      af[i] = y[i] == AF;
    }
    return af;
  }

  @Override
  public String splitDescription() {
    return "fixed stratified split (60/20/20), test part, noisy recordings left out";
  }

  @Override
  public Prompts prompts() {
    return prompts;
  }

  /** How every encoder's probes are fitted, for the JSON. */
  @Override
  public Map<String, Object> details() {
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("features", "standardised with the mean and sd of the labelled draw");
    protocol.put("l2_grid", ProbeL2Search.L2_GRID);
    protocol.put("l2_chosen_by", "pooled held-out cross-entropy within the labelled draw: leave-one-out, "
        + ProbeL2Search.FOLDS + "-fold stratified when every class has at least " + ProbeL2Search.FOLDS);
    protocol.put("class_weighting", PROBE_WEIGHTING.name().toLowerCase(java.util.Locale.ROOT));
    protocol.put("draws_1%_and_10%", PROBE_DRAWS);
    protocol.put("draw_seeds", SUBSAMPLE_SEED + " + d, the same for every encoder");
    protocol.put("crops_per_recording", LabelledWindows.CROPS);
    return Map.of("probe_protocol", protocol);
  }

  /**
   * Zero-shot (when {@code zeroShot}) and linear probes for one encoder. Zero-shot is one-vs-rest:
   * each label is scored by the cosine similarity with its prompts' embedding. A softmax across the
   * labels was the first choice and lost on the validation split (AF AUC 0.679 vs 0.812): the
   * "other" prompts, irregular rhythms themselves, absorbed the AF probability. The calibration
   * that turns a label's cosine into a probability is fitted on the validation split, never on test.
   */
  @Override
  public Scores encoder(Encoders encoders, boolean zeroShot) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, double[]> af = new LinkedHashMap<>();
    float[][] trainEmbeddings = train.embed(encoders);
    float[][] testEmbeddings = test.embed(encoders);
    int[] yTest = test.labels();
    Map<String, ZeroShotCalibration> calibration = null;
    if (zeroShot) {
      ZeroShotClassifier classifier = new ZeroShotClassifier(encoders, prompts);
      double[][] cosine = classifier.scores(testEmbeddings);
      metrics.put("zero_shot_af_auc", RocAuc.auc(column(cosine, AF), testIsAf()));
      metrics.put("zero_shot_macro_auc", RocAuc.macroOneVsRest(cosine, yTest, CLASSES.size()));
      af.put("zero-shot", column(cosine, AF));
      calibration = new LinkedHashMap<>();
      double[][] validationCosine = classifier.scores(validation.embed(encoders));
      int[] yValidation = validation.labels();
      for (int k = 0; k < classifier.labels().size(); k++) {
        boolean[] positive = new boolean[yValidation.length];
        for (int i = 0; i < positive.length; i++) {
          positive[i] = yValidation[i] == k;
        }
        ZeroShotCalibration c = PlattScaling.fit(column(validationCosine, k), positive);
        if (c != null) {
          calibration.put(classifier.labels().get(k), c);
        }
      }
    }
    int[] yTrain = train.labels();
    Map<String, double[]> byDraw = new LinkedHashMap<>();
    Map<String, double[][][]> drawProbabilities = new LinkedHashMap<>();
    for (double fraction : FRACTIONS) {
      // A 1% subset is 12 recordings: one draw says more about the draw than the encoder, so
      // partial-label probes are averaged over PROBE_DRAWS stratified draws (the first is the
      // plotted one); the spread is reported beside the mean and each draw's value kept for
      // the paired comparison of encoders.
      int draws = fraction < 1 ? PROBE_DRAWS : 1;
      double[] macro = new double[draws];
      double[] afAuc = new double[draws];
      double[][][] probabilities = new double[draws][][];
      for (int d = 0; d < draws; d++) {
        int[] subset = StratifiedSubsample.indices(yTrain, CLASSES.size(), fraction, SUBSAMPLE_SEED + d);
        float[][] x = new float[subset.length][];
        int[] y = new int[subset.length];
        for (int i = 0; i < subset.length; i++) {
          x[i] = trainEmbeddings[subset[i]];
          y[i] = yTrain[subset[i]];
        }
        // Standardised on these labels, L2 chosen by cross-validation within them: no other label is used.
        LogisticRegressionProbe probe = ProbeL2Search.fit(x, y, CLASSES.size(), PROBE_WEIGHTING);
        double[][] p = probe.predictProba(testEmbeddings);
        probabilities[d] = p;
        macro[d] = RocAuc.macroOneVsRest(p, yTest, CLASSES.size());
        afAuc[d] = RocAuc.auc(column(p, AF), testIsAf());
        if (d == 0) {
          af.put("linear probe " + percent(fraction), column(p, AF));
        }
      }
      String name = "linear_probe_" + percent(fraction);
      recordDraws(name, macro, afAuc, probabilities, metrics, byDraw, drawProbabilities);
    }
    return new Scores(metrics, af, calibration, byDraw, drawProbabilities);
  }

  /**
   * The mean AUCs over a method's label draws under {@code name}; with several draws also the
   * spread and each draw's values and probabilities, for pairing methods draw by draw.
   */
  private static void recordDraws(String name, double[] macro, double[] afAuc, double[][][] probabilities,
      Map<String, Double> metrics, Map<String, double[]> byDraw, Map<String, double[][][]> drawProbabilities) {
    metrics.put(name + "_macro_auc", mean(macro));
    metrics.put(name + "_af_auc", mean(afAuc));
    if (macro.length > 1) {
      metrics.put(name + "_macro_auc_sd", sd(macro));
      byDraw.put(name + "_macro_auc", macro);
      byDraw.put(name + "_af_auc", afAuc);
      drawProbabilities.put(name + "_macro_auc", probabilities);
    }
  }

  /** The paired t-intervals, and for macro AUCs the bootstrap interval that also resamples the test recordings. */
  @Override
  public Map<String, PairedDifference> pairedByDraw(Scores a, Scores b, java.util.function.UnaryOperator<String> metricInB) {
    Map<String, PairedDifference> paired = DatasetEvaluation.super.pairedByDraw(a, b, metricInB);
    paired.replaceAll((metric, difference) -> {
      double[][][] pa = a.drawProbabilities().get(metric);
      double[][][] pb = b.drawProbabilities().get(metricInB.apply(metric));
      if (pa == null || pb == null) {
        return difference;
      }
      int draws = difference.draws();
      return difference.withTestResampling(PairedBootstrap.macroAucDifference(java.util.Arrays.copyOf(pa, draws),
          java.util.Arrays.copyOf(pb, draws), test.labels(), CLASSES.size(), PairedBootstrap.RESAMPLES, PairedBootstrap.SEED));
    });
    return paired;
  }

  /** The same encoder trained from scratch with cross-entropy on 1%, 10%, 100% of the labels. */
  @Override
  public Scores supervised(CmeltConfig config, int steps, long seed) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, double[]> af = new LinkedHashMap<>();
    Map<String, double[]> byDraw = new LinkedHashMap<>();
    Map<String, double[][][]> drawProbabilities = new LinkedHashMap<>();
    int[] yTrain = train.labels();
    for (double fraction : FRACTIONS) {
      // Each draw is a full training run, so only the 1% baseline, where one draw says least, is
      // repeated; its draws are the probes' first ones (same seeds, same labelled recordings).
      int draws = fraction == FRACTIONS[0] ? SUPERVISED_DRAWS : 1;
      String name = "supervised_" + percent(fraction);
      double[] macro = new double[draws];
      double[] afAuc = new double[draws];
      double[][][] probabilities = new double[draws][][];
      for (int d = 0; d < draws; d++) {
        LabelledWindows subset = train.subset(StratifiedSubsample.indices(yTrain, CLASSES.size(), fraction, SUBSAMPLE_SEED + d));
        try (SupervisedBaseline baseline = new SupervisedBaseline(config, CLASSES.size(), seed)) {
          progress.printf("eval: supervised baseline on %s of the labels (%d recordings, draw %d of %d)%n", percent(fraction),
              subset.size(), d + 1, draws);
          baseline.train(subset.allCrops(), subset.allCropLabels(), steps, seed, progress);
          double[][] p = test.meanOverCrops(baseline.predict(test.allCrops()));
          probabilities[d] = p;
          macro[d] = RocAuc.macroOneVsRest(p, test.labels(), CLASSES.size());
          afAuc[d] = RocAuc.auc(column(p, AF), testIsAf());
          if (d == 0) {
            af.put("supervised " + percent(fraction), column(p, AF));
          }
        }
      }
      recordDraws(name, macro, afAuc, probabilities, metrics, byDraw, drawProbabilities);
    }
    return new Scores(metrics, af, null, byDraw, drawProbabilities);
  }

  /** ROC curves of AF against the rest: C-MELT zero-shot and 100% probe, random init 100% probe, supervised 100%. */
  @Override
  public void plot(Path outDir, Map<String, Scores> byEncoder) throws IOException {
    Map<String, double[]> scores = new LinkedHashMap<>();
    scores.put("C-MELT zero-shot", byEncoder.get("cmelt").curveScores().get("zero-shot"));
    scores.put("C-MELT linear probe 100%", byEncoder.get("cmelt").curveScores().get("linear probe 100%"));
    scores.put("random init, linear probe 100%", byEncoder.get("random_init").curveScores().get("linear probe 100%"));
    if (byEncoder.containsKey("supervised_from_scratch")) {
      scores.put("supervised 100%", byEncoder.get("supervised_from_scratch").curveScores().get("supervised 100%"));
    }
    List<NamedCurve> curves = new ArrayList<>();
    boolean[] positive = testIsAf();
    scores.forEach((name, s) -> curves.add(NamedCurve.of(name, s, positive)));
    RocPlot.write(outDir.resolve("roc-cinc2017.png"), "CinC 2017 test split: atrial fibrillation vs the rest", curves);
  }

  static String percent(double fraction) {
    return Math.round(fraction * 100) + "%";
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / Math.max(1, v.length - 1));
  }

  static double[] column(double[][] p, int k) {
    double[] c = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      c[i] = p[i][k];
    }
    return c;
  }
}
