package org.ecgstream.trainer.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.trainer.data.DiagnosticSuperclass;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.data.PtbXlEntry;
import org.ecgstream.trainer.data.Split;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.train.SupervisedBaseline;

/**
 * C-MELT evaluated on PTB-XL the paper's way: multi-label over the diagnostic superclasses and
 * the rhythm statements with enough positives ({@link PtbXlLabels}), test fold 10, linear probes
 * fitted on folds 1-8 (fold 9 unused), 12-lead 100 Hz records preprocessed with the model's
 * input spec. Zero-shot scores a label by the cosine of the ECG embedding with the label's mean
 * prompt embedding: SigLIP, which C-MELT trains, reads each pair through its own sigmoid
 * {@code sigmoid(t cos + b)} with {@code t > 0}, which is increasing in the cosine, so the
 * per-label AUC of that probability equals the cosine's and no calibration is needed. Figures
 * are per-label AUCs, their macro mean over all evaluated labels and over the superclasses.
 */
public final class PtbXlEvaluation implements DatasetEvaluation {

  static final long SUBSAMPLE_SEED = 2020;
  /** Labels whose ROC curves are plotted, one PNG each. */
  static final List<String> PLOTTED = List.of("NORM", "MI");

  private final PtbXlDataset dataset;
  private final Prompts allPrompts;
  private final PrintStream progress;
  private PtbXlLabels labels;
  private List<PtbXlEntry> trainEntries;
  private List<PtbXlEntry> testEntries;
  private LabelledWindows train;
  private LabelledWindows test;
  private boolean[][] trainTruth;
  private boolean[][] testTruth;
  private final Map<Double, int[]> subsets = new LinkedHashMap<>();

  public PtbXlEvaluation(PtbXlDataset dataset, Prompts prompts, PrintStream progress) {
    this.dataset = dataset;
    this.allPrompts = prompts;
    this.progress = progress;
  }

  @Override
  public void load(WindowPreprocessor preprocessor) throws IOException {
    trainEntries = dataset.entries(Split.TRAIN);
    testEntries = dataset.entries(Split.TEST);
    List<String> candidates = new ArrayList<>();
    for (DiagnosticSuperclass superclass : DiagnosticSuperclass.values()) {
      candidates.add(superclass.name());
    }
    allPrompts.labels().stream().filter(l -> !candidates.contains(l)).forEach(candidates::add);
    labels = PtbXlLabels.choose(trainEntries, testEntries, candidates);
    if (labels.evaluated().isEmpty()) {
      throw new IOException("PTB-XL: no label has " + PtbXlLabels.MIN_POSITIVES + " positives in folds 1-8 and in fold 10 ("
          + trainEntries.size() + " train, " + testEntries.size() + " test records); is the data set complete?");
    }
    train = windows(trainEntries, preprocessor);
    test = windows(testEntries, preprocessor);
    trainTruth = labels.truth(trainEntries);
    testTruth = labels.truth(testEntries);
    for (double fraction : CinCEvaluation.FRACTIONS) {
      subsets.put(fraction, MultiLabelSubsample.indices(train.labels(), PtbXlLabels.PRIMARY_CLASSES, trainTruth,
          fraction, SUBSAMPLE_SEED));
    }
    progress.printf("eval: PTB-XL train (folds 1-8) %d, test (fold 10) %d records; labels %s%n", train.size(),
        test.size(), labels.evaluated());
  }

  private LabelledWindows windows(List<PtbXlEntry> entries, WindowPreprocessor preprocessor) throws IOException {
    LabelledWindows windows = new LabelledWindows();
    for (PtbXlEntry entry : entries) {
      windows.add(dataset.recording(entry), PtbXlLabels.primary(entry), preprocessor);
    }
    return windows;
  }

  @Override
  public String splitDescription() {
    return "PTB-XL strat_fold 10 (test); probes on folds 1-8; fold 9 unused";
  }

  @Override
  public Prompts prompts() {
    return allPrompts.only(labels.evaluated());
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("records", Map.of("train", train.size(), "test", test.size()));
    d.put("labels", labels.evaluated());
    d.put("label_rule", "superclass: any diagnostic SCP statement of that diagnostic_class (any likelihood); "
        + "rhythm: the SCP code present; evaluated with >= " + PtbXlLabels.MIN_POSITIVES
        + " positives in train and in test");
    d.put("label_counts", PtbXlLabels.counts(trainEntries, testEntries));
    d.put("skipped_labels", labels.skipped());
    d.put("zero_shot_score", "cosine with the label's mean prompt embedding (same per-label AUC as SigLIP's "
        + "sigmoid(t cos + b), t > 0)");
    Map<String, Integer> sizes = new LinkedHashMap<>();
    subsets.forEach((fraction, indices) -> sizes.put(CinCEvaluation.percent(fraction), indices.length));
    d.put("probe_training_records", sizes);
    d.put("subsample_rule", "stratified on the primary superclass (first of HYP, CD, STTC, MI, NORM, else none), "
        + "then one positive and one negative per label added where missing");
    return d;
  }

  @Override
  public Scores encoder(Encoders encoders, boolean zeroShot) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, double[]> curves = new LinkedHashMap<>();
    float[][] trainEmbeddings = train.embed(encoders);
    float[][] testEmbeddings = test.embed(encoders);
    if (zeroShot) {
      double[][] s = new ZeroShotClassifier(encoders, prompts()).scores(testEmbeddings);
      addFigures("zero_shot", s, metrics, curves, "zero-shot");
    }
    for (double fraction : CinCEvaluation.FRACTIONS) {
      int[] subset = subsets.get(fraction);
      float[][] x = new float[subset.length][];
      boolean[][] y = new boolean[subset.length][];
      for (int i = 0; i < subset.length; i++) {
        x[i] = trainEmbeddings[subset[i]];
        y[i] = trainTruth[subset[i]];
      }
      double[][] p = MultiLabelProbe.fit(x, y).predictProba(testEmbeddings);
      String percent = CinCEvaluation.percent(fraction);
      addFigures("linear_probe_" + percent, p, metrics, curves, "linear probe " + percent);
    }
    return new Scores(metrics, curves, null);
  }

  /** The same ECG encoder from scratch, one sigmoid output per evaluated label, binary cross-entropy. */
  @Override
  public Scores supervised(CmeltConfig config, int steps, long seed) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Map<String, double[]> curves = new LinkedHashMap<>();
    for (double fraction : CinCEvaluation.FRACTIONS) {
      int[] indices = subsets.get(fraction);
      LabelledWindows subset = train.subset(indices);
      int[] owners = subset.cropOwners();
      boolean[][] targets = new boolean[owners.length][];
      for (int c = 0; c < owners.length; c++) {
        targets[c] = trainTruth[indices[owners[c]]];
      }
      String percent = CinCEvaluation.percent(fraction);
      try (SupervisedBaseline baseline = new SupervisedBaseline(config, labels.evaluated().size(), seed)) {
        progress.printf("eval: supervised multi-label baseline on %s of the labels (%d records)%n", percent, subset.size());
        baseline.trainMultiLabel(subset.allCrops(), targets, steps, seed, progress);
        double[][] p = test.meanOverCrops(baseline.predictMultiLabel(test.allCrops()));
        addFigures("supervised_" + percent, p, metrics, curves, "supervised " + percent);
      }
    }
    return new Scores(metrics, curves, null);
  }

  private void addFigures(String prefix, double[][] scores, Map<String, Double> metrics, Map<String, double[]> curves,
      String curvePrefix) {
    Map<String, Double> perLabel = MultiLabelAuc.perLabel(labels.evaluated(), scores, testTruth);
    List<String> superclasses = labels.evaluated().stream().filter(PtbXlLabels::isSuperclass).toList();
    metrics.put(prefix + "_macro_auc", MultiLabelAuc.macro(perLabel, labels.evaluated()));
    metrics.put(prefix + "_superclass_macro_auc", MultiLabelAuc.macro(perLabel, superclasses));
    perLabel.forEach((label, auc) -> metrics.put(prefix + "_auc_" + label, auc));
    for (String label : PLOTTED) {
      int k = labels.evaluated().indexOf(label);
      double[] column = k < 0 ? null : MultiLabelAuc.column(scores, k);
      if (column != null) {
        curves.put(curvePrefix + " " + label, column);
      }
    }
  }

  /** Positives of {@code label} among the test records. */
  boolean[] testPositives(String label) {
    int k = labels.evaluated().indexOf(label);
    boolean[] positive = new boolean[testTruth.length];
    for (int i = 0; i < positive.length; i++) {
      positive[i] = testTruth[i][k];
    }
    return positive;
  }

  /** One PNG per plotted label: C-MELT zero-shot and 100% probe, random init 100% probe, supervised 100%. */
  @Override
  public void plot(Path outDir, Map<String, Scores> byEncoder) throws IOException {
    for (String label : PLOTTED) {
      if (!labels.evaluated().contains(label)) {
        continue;
      }
      Map<String, double[]> scores = new LinkedHashMap<>();
      scores.put("C-MELT zero-shot", byEncoder.get("cmelt").curveScores().get("zero-shot " + label));
      scores.put("C-MELT linear probe 100%", byEncoder.get("cmelt").curveScores().get("linear probe 100% " + label));
      scores.put("random init, linear probe 100%", byEncoder.get("random_init").curveScores().get("linear probe 100% " + label));
      if (byEncoder.containsKey("supervised_from_scratch")) {
        scores.put("supervised 100%", byEncoder.get("supervised_from_scratch").curveScores().get("supervised 100% " + label));
      }
      List<NamedCurve> curves = new ArrayList<>();
      boolean[] positive = testPositives(label);
      scores.forEach((name, s) -> {
        if (s != null) {
          curves.add(NamedCurve.of(name, s, positive));
        }
      });
      RocPlot.write(outDir.resolve("roc-ptbxl-" + label + ".png"), "PTB-XL fold 10: " + label + " vs the rest", curves);
    }
  }
}
