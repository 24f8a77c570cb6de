package org.ecgstream.trainer.retrain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.trainer.data.CinC2017Dataset;
import org.ecgstream.trainer.data.CinC2017Label;
import org.ecgstream.trainer.data.Split;
import org.ecgstream.trainer.eval.Encoders;
import org.ecgstream.trainer.eval.LabelledWindows;
import org.ecgstream.trainer.eval.LogisticRegressionProbe;
import org.ecgstream.trainer.eval.Prompts;
import org.ecgstream.trainer.eval.RocAuc;
import org.ecgstream.trainer.eval.StratifiedSubsample;
import org.ecgstream.trainer.eval.ZeroShotClassifier;

/**
 * The fixed held-out evaluation both production and candidate face before the gate: CinC 2017
 * (single lead, real recordings the pre-training never pairs with reports), normal / AF / other.
 * Zero-shot AUCs come from {@link Prompts#rhythm()} on a stratified subset of the test split; the
 * linear probe (multinomial logistic regression, fixed L2 so both models get the same probe) is
 * fitted on a stratified subset of the train split and scored on the same test subset. The subsets
 * depend only on the data set and {@link #SUBSET_SEED}, never on the models, so every re-training
 * compares on the same recordings; {@link #sha256()} pins them in the lineage.
 */
public final class HeldOutEvaluation {

  public static final String ZERO_SHOT_AF_AUC = "heldout.zero_shot_af_auc";
  public static final String ZERO_SHOT_MACRO_AUC = "heldout.zero_shot_macro_auc";
  public static final String LINEAR_PROBE_AF_AUC = "heldout.linear_probe_af_auc";
  public static final String LINEAR_PROBE_MACRO_AUC = "heldout.linear_probe_macro_auc";
  /** The metrics the re-training gate compares by default. */
  public static final List<String> GATED = List.of(ZERO_SHOT_AF_AUC, ZERO_SHOT_MACRO_AUC, LINEAR_PROBE_AF_AUC,
      LINEAR_PROBE_MACRO_AUC);

  static final List<CinC2017Label> CLASSES = List.of(CinC2017Label.NORMAL, CinC2017Label.AF, CinC2017Label.OTHER);
  static final int AF = 1;
  static final long SUBSET_SEED = 7;

  private final LabelledWindows probeTrain;
  private final LabelledWindows test;
  private final List<String> ids;

  private HeldOutEvaluation(LabelledWindows probeTrain, LabelledWindows test, List<String> ids) {
    this.probeTrain = probeTrain;
    this.test = test;
    this.ids = List.copyOf(ids);
  }

  /**
   * Loads the held-out recordings: {@code recordings} from the test split and as many from the
   * train split for the probe, stratified by class.
   */
  public static HeldOutEvaluation load(Path cinc2017, int recordings, InputSpec spec, PrintStream progress)
      throws IOException {
    if (recordings < CLASSES.size() * 2) {
      throw new IllegalArgumentException("the held-out set needs at least " + CLASSES.size() * 2
          + " recordings (two per class), got " + recordings);
    }
    CinC2017Dataset dataset = CinC2017Dataset.open(cinc2017);
    WindowPreprocessor preprocessor = new WindowPreprocessor(spec);
    List<String> ids = new ArrayList<>();
    LabelledWindows probeTrain = subset(dataset, Split.TRAIN, recordings, preprocessor, ids);
    LabelledWindows test = subset(dataset, Split.TEST, recordings, preprocessor, ids);
    progress.printf("held-out: CinC 2017, probe fitted on %d train recordings, scored on %d test recordings%n",
        probeTrain.size(), test.size());
    return new HeldOutEvaluation(probeTrain, test, ids);
  }

  private static LabelledWindows subset(CinC2017Dataset dataset, Split split, int recordings,
      WindowPreprocessor preprocessor, List<String> ids) throws IOException {
    List<String> candidates = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (String id : dataset.split(split)) {
      int k = CLASSES.indexOf(dataset.label(id).orElseThrow());
      if (k >= 0) {
        candidates.add(id);
        labels.add(k);
      }
    }
    double fraction = Math.min(1.0, (double) recordings / candidates.size());
    int[] chosen = StratifiedSubsample.indices(labels.stream().mapToInt(Integer::intValue).toArray(), CLASSES.size(),
        fraction, SUBSET_SEED);
    LabelledWindows windows = new LabelledWindows();
    for (int i : chosen) {
      windows.add(dataset.load(candidates.get(i)).recording(), labels.get(i), preprocessor);
      ids.add(split.name().toLowerCase() + "/" + candidates.get(i));
    }
    return windows;
  }

  /** Recordings in the held-out set (probe train plus test). */
  public int recordings() {
    return ids.size();
  }

  /** sha256 over the held-out recordings' ids (lowercase hex): equal when the set is the same. */
  public String sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      ids.forEach(id -> digest.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  /** The four held-out AUCs of one model. */
  public Map<String, Double> evaluate(Encoders encoders) {
    float[][] train = probeTrain.embed(encoders);
    float[][] testEmbeddings = test.embed(encoders);
    int[] yTest = test.labels();
    boolean[] isAf = new boolean[yTest.length];
    for (int i = 0; i < yTest.length; i++) {
      isAf[i] = yTest[i] == AF;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    double[][] cosine = new ZeroShotClassifier(encoders, Prompts.rhythm()).scores(testEmbeddings);
    metrics.put(ZERO_SHOT_AF_AUC, RocAuc.auc(column(cosine, AF), isAf));
    metrics.put(ZERO_SHOT_MACRO_AUC, RocAuc.macroOneVsRest(cosine, yTest, CLASSES.size()));
    LogisticRegressionProbe probe = LogisticRegressionProbe.fit(train, probeTrain.labels(), CLASSES.size(),
        LogisticRegressionProbe.DEFAULT_L2);
    double[][] p = probe.predictProba(testEmbeddings);
    metrics.put(LINEAR_PROBE_AF_AUC, RocAuc.auc(column(p, AF), isAf));
    metrics.put(LINEAR_PROBE_MACRO_AUC, RocAuc.macroOneVsRest(p, yTest, CLASSES.size()));
    return metrics;
  }

  private static double[] column(double[][] m, int k) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i][k];
    }
    return out;
  }
}
