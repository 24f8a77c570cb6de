package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.trainer.MicroRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * PTB-XL evaluation end to end on the 500 records in ../shared/data/ptbxl with a micro model
 * trained for a few steps: every figure for the model and both baselines, the counts, the files.
 */
@Timeout(300)
class PtbXlEvaluationTest {

  @TempDir static Path work;
  static Path model;
  static Path dataRoot;
  static final PrintStream QUIET = MicroRun.QUIET;


  @BeforeAll
  static void train() throws Exception {
    dataRoot = SharedData.folder("ptbxl").getParent();
    model = work.resolve("model");
    MicroRun.train(model, dataRoot, 4, 8, 8);
  }

  @Test
  @SuppressWarnings("unchecked")
  void ptbXlTestFoldGetsPerLabelAndMacroAucForModelAndBothBaselines() throws Exception {
    Map<String, Object> result = new EvaluationRun(model, dataRoot.resolve("ptbxl"), work.resolve("eval"), 2, QUIET).run();

    assertThat(result.get("dataset")).isEqualTo("ptbxl");
    List<String> labels = (List<String>) result.get("labels");
    assertThat(labels).startsWith("NORM", "MI", "STTC", "CD", "HYP").contains("SR");
    Map<String, Map<String, Integer>> counts = (Map<String, Map<String, Integer>>) result.get("label_counts");
    assertThat(counts.get("NORM")).containsEntry("test", 36).containsEntry("train", 225);
    assertThat((Map<String, Integer>) result.get("records")).containsEntry("test", 66).containsEntry("train", 353);
    assertThat((Map<String, String>) result.get("skipped_labels")).containsKey("AFIB");

    Map<String, Double> cmelt = (Map<String, Double>) result.get("cmelt");
    Map<String, Double> random = (Map<String, Double>) result.get("random_init");
    Map<String, Double> supervised = (Map<String, Double>) result.get("supervised_from_scratch");
    for (String label : labels) {
      assertThat(cmelt).containsKeys("zero_shot_auc_" + label, "linear_probe_1%_auc_" + label,
          "linear_probe_10%_auc_" + label, "linear_probe_100%_auc_" + label);
      assertThat(supervised).containsKeys("supervised_1%_auc_" + label, "supervised_100%_auc_" + label);
    }
    assertThat(cmelt).containsKeys("zero_shot_macro_auc", "zero_shot_superclass_macro_auc",
        "linear_probe_1%_macro_auc", "linear_probe_10%_macro_auc", "linear_probe_100%_macro_auc");
    assertThat(random).containsOnlyKeys(cmelt.keySet());
    for (Map<String, Double> figures : List.of(cmelt, random, supervised)) {
      assertThat(figures.values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
    }
    assertThat(work.resolve("eval/eval-ptbxl.json")).exists();
    assertThat(work.resolve("eval/roc-ptbxl-NORM.png")).exists();
    assertThat(work.resolve("eval/roc-ptbxl-MI.png")).exists();
    assertThat(EvaluationRun.table(result)).contains("zero_shot_auc_MI").contains("random init");
  }
}
