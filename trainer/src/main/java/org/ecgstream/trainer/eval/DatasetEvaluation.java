package org.ecgstream.trainer.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ecgstream.core.bundle.ZeroShotCalibration;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.trainer.model.CmeltConfig;

/** One evaluation data set as {@link EvaluationRun} drives it: load, score encoders and baselines, plot. */
public interface DatasetEvaluation {

  /**
   * Result of one encoder or baseline: metric name to value, named per-record scores for ROC plots,
   * each zero-shot label's cosine-to-probability calibration fitted on a validation split (null
   * when not fitted), and for metrics averaged over label draws their value in each draw (draw d
   * used the same labelled recordings for every encoder, so two encoders can be compared by draw)
   * and, by the same metric name, each draw's test probabilities {@code [draw][recording][class]}.
   */
  record Scores(Map<String, Double> metrics, Map<String, double[]> curveScores,
      Map<String, ZeroShotCalibration> calibration, Map<String, double[]> byDraw,
      Map<String, double[][][]> drawProbabilities) {

    /** Scores without per-draw values. */
    Scores(Map<String, Double> metrics, Map<String, double[]> curveScores, Map<String, ZeroShotCalibration> calibration) {
      this(metrics, curveScores, calibration, Map.of(), Map.of());
    }
  }

  /** Loads and preprocesses the train and test parts once. */
  void load(WindowPreprocessor preprocessor) throws IOException;

  /** How the test part was chosen, for the JSON. */
  String splitDescription();

  /** The zero-shot prompts, by label. */
  Prompts prompts();

  /** Further facts for the JSON (label counts, rules); empty when there are none. */
  Map<String, Object> details();

  /** Zero-shot (when {@code zeroShot}) and linear probes for one encoder. */
  Scores encoder(Encoders encoders, boolean zeroShot);

  /** The same ECG encoder trained from scratch on 1%, 10%, 100% of the labels. */
  Scores supervised(CmeltConfig config, int steps, long seed);

  /** {@code a - b} for every metric both have per label draw, paired by draw; empty without draws. */
  default Map<String, PairedDifference> pairedByDraw(Scores a, Scores b) {
    return pairedByDraw(a, b, java.util.function.UnaryOperator.identity());
  }

  /**
   * {@code a - b} paired by draw, where {@code b}'s figure for {@code a}'s metric m is named
   * {@code metricInB(m)}; over the draws both have (draw d is the same labelled set in both: the
   * 1 % supervised baseline trains fewer draws than the probes fit). Keyed by {@code a}'s names.
   */
  default Map<String, PairedDifference> pairedByDraw(Scores a, Scores b, java.util.function.UnaryOperator<String> metricInB) {
    Map<String, PairedDifference> paired = new java.util.LinkedHashMap<>();
    a.byDraw().forEach((metric, values) -> {
      double[] other = b.byDraw().get(metricInB.apply(metric));
      if (other != null && Math.min(values.length, other.length) >= 2) {
        int draws = Math.min(values.length, other.length);
        paired.put(metric, PairedDifference.of(java.util.Arrays.copyOf(values, draws), java.util.Arrays.copyOf(other, draws)));
      }
    });
    return paired;
  }

  /** Writes the ROC plots into {@code outDir}; {@code byEncoder} is keyed like the JSON (cmelt, random_init, ...). */
  void plot(Path outDir, Map<String, Scores> byEncoder) throws IOException;
}
