package org.ecgstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advisory-label evaluation on the default bundle and the real PTB-XL records (about 10 s). */
class AdvisoryLabelEvaluationTest {

  @Test
  @SuppressWarnings("unchecked")
  void choosesTheBestSetOnTheSelectionDataScoresFoldTenOnceAndDecidesByTheRule(@TempDir Path out) throws Exception {
    PtbXlDataset ptbxl = PtbXlDataset.open(SharedData.folder("ptbxl"));
    Map<String, Object> result;
    Map<String, Object> selection;
    try (OnnxBundleEncoders encoders = new OnnxBundleEncoders(ModelBundle.open(DefaultBundle.dir()))) {
      AdvisoryLabelEvaluation evaluation =
          new AdvisoryLabelEvaluation(ptbxl, 3, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      selection = evaluation.select(encoders, "default bundle", out.resolve("selection"));
      result = evaluation.run(encoders, "default bundle", out);
    }

    // The selection-only run chooses exactly as the full run, from the same figures, without a fold-10 figure.
    assertThat(out.resolve("selection").resolve(AdvisoryLabelEvaluation.SELECTION_FILE)).isRegularFile();
    assertThat(out.resolve("selection").resolve(AdvisoryLabelEvaluation.RESULT_FILE)).doesNotExist();
    Map<String, Map<String, Object>> selected = (Map<String, Map<String, Object>>) selection.get("labels");
    Map<String, Map<String, Object>> full = (Map<String, Map<String, Object>>) result.get("labels");
    for (String label : full.keySet()) {
      assertThat(selected.get(label)).doesNotContainKeys("test_fold_10", "decision", "simulated");
      assertThat(selected.get(label).get("chosen")).isEqualTo(full.get(label).get("chosen"));
      assertThat(selected.get(label).get("candidates")).isEqualTo(full.get(label).get("candidates"));
      assertThat(selected.get(label).get("calibration")).isEqualTo(full.get(label).get("calibration"));
    }

    assertThat(new ObjectMapper().readValue(out.resolve(AdvisoryLabelEvaluation.RESULT_FILE).toFile(), Map.class))
        .containsKeys("labels", "selection_rule", "decision_rule");
    Map<String, Map<String, Object>> labels = (Map<String, Map<String, Object>>) result.get("labels");
    assertThat(labels).containsOnlyKeys("st_change", "conduction_block");
    // Fold 9 has 21 STTC records, enough to choose on; it has 3 blocks, so folds 1-9 choose.
    assertThat(labels.get("st_change")).containsEntry("selection_split", "fold 9");
    assertThat(labels.get("conduction_block")).containsEntry("selection_split", "folds 1-9");
    assertThat(AdvisoryLabelEvaluation.truth(ptbxl.entries(Split.VALIDATION), AdvisoryLabel.ST_CHANGE))
        .satisfies(t -> assertThat(count(t)).isEqualTo(21));
    for (Map<String, Object> l : labels.values()) {
      Map<String, Map<String, Object>> candidates = (Map<String, Map<String, Object>>) l.get("candidates");
      double best = candidates.values().stream().mapToDouble(c -> (Double) c.get("auc")).max().orElseThrow();
      assertThat((Double) candidates.get((String) l.get("chosen")).get("auc")).isEqualTo(best);
      Map<String, Object> test = (Map<String, Object>) l.get("test_fold_10");
      double auc = (Double) test.get("auc");
      double low = (Double) test.get("auc_low");
      assertThat(low).isLessThanOrEqualTo(auc).isLessThanOrEqualTo((Double) test.get("auc_high"));
      String expected = auc >= AdvisoryLabelEvaluation.ADVISORY_MIN_AUC && low > 0.5 ? "ADVISORY" : low > 0.5 ? "EVIDENCE" : "NONE";
      assertThat(l.get("decision")).isEqualTo(expected);
      assertThat(((Map<String, Object>) l.get("simulated")).get("sinus")).isInstanceOf(Map.class);
    }
    assertThat((Map<String, Object>) labels.get("st_change").get("test_fold_10"))
        .containsEntry("positives", 16).containsEntry("negatives", 50);
    assertThat((Map<String, Object>) labels.get("conduction_block").get("test_fold_10"))
        .containsEntry("positives", 4).containsEntry("negatives", 62);
  }

  private static int count(boolean[] values) {
    int n = 0;
    for (boolean v : values) {
      n += v ? 1 : 0;
    }
    return n;
  }

  @Test
  void anEnsembleCandidateIsTheUnionOfItsPartsWithoutRepeats() {
    assertThat(AdvisoryLabel.concat(java.util.List.of("linksschenkelblock", "lsb", "rechtsschenkelblock"),
        java.util.List.of("linksschenkelblock", "rechtsschenkelblock", "v block")))
        .containsExactly("linksschenkelblock", "lsb", "rechtsschenkelblock", "v block");
    assertThat(AdvisoryLabel.CONDUCTION_BLOCK.candidates()).extracting(AdvisoryLabel.PromptSet::name)
        .startsWith("cd_superclass").endsWith("bbb_simulator_style", "cb_scp_phrases", "cb_ensemble");
  }
}
