package org.ecgstream.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a re-trained candidate would lose of the default bundle's (0.2.0) extra labels, from a
 * candidate's advisory evaluation as {@code AdvisoryLabelEvaluation} writes it; and the gate's
 * decision with those losses.
 */
class ParentLabelsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A candidate's evaluation: st_change still evidence, conduction_block fallen to NONE. */
  private static final String CANDIDATE = """
      {"st_change": {"alarm_kind": "MODEL_ST_CHANGE", "decision": "EVIDENCE", "chosen": "t_inversion",
          "prompts": ["t negativ", "t inversion"], "calibration": {"scale": 8.3, "bias": -6.0},
          "test_fold_10": {"auc": 0.705, "auc_low": 0.551, "auc_high": 0.842, "positives": 16, "negatives": 50}},
       "conduction_block": {"alarm_kind": "MODEL_CONDUCTION_BLOCK", "decision": "NONE", "chosen": "bbb_german",
          "prompts": ["linksschenkelblock"], "calibration": {"scale": 5.0, "bias": -5.0},
          "test_fold_10": {"auc": 0.690, "auc_low": 0.480, "auc_high": 0.880, "positives": 4, "negatives": 62}}}
      """;

  @Test
  void theDefaultBundlesExtraLabelsAreTheOnesBeyondTheRhythmSet() throws Exception {
    ParentLabels labels = new ParentLabels(ModelBundle.open(DefaultBundle.dir()).manifest());

    assertThat(labels.labels()).containsExactly("conduction_block", "st_change");
    assertThat(labels.cannotEvaluate(SharedData.folder("ptbxl").getParent())).isNull();
    assertThat(labels.parentMetrics()).containsEntry("ptbxl.advisory.production.st_change.fold10_auc", 0.7175)
        .containsKey("ptbxl.advisory.production.conduction_block.fold10_auc")
        .allSatisfy((k, v) -> assertThat(k).startsWith("ptbxl.advisory.production."));
  }

  @Test
  void aLabelRatedNoneIsALossNamingItsAucAndTheParents() throws Exception {
    BundleManifest parent = ModelBundle.open(DefaultBundle.dir()).manifest();
    ParentLabels labels = new ParentLabels(parent);

    List<RetrainGate.LabelLoss> losses = labels.losses(candidate(), "unused");

    assertThat(losses).extracting(RetrainGate.LabelLoss::label).containsExactly("conduction_block");
    assertThat(losses.get(0).message()).isEqualTo("conduction_block: candidate fold-10 AUC 0.690 [0.480, 0.880]"
        + " vs production 0.2.0's 0.746 [0.544, 0.911]; the interval is not above 0.5, so the candidate would lose"
        + " the label (label)");
    Map<String, Object> lineage = labels.lineage(candidate(), losses);
    assertThat(lineage).containsOnlyKeys("st_change", "conduction_block");
    assertThat(lineage.get("st_change")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("production_serves", "label, evidence for ST_DEVIATION")
        .containsEntry("production_fold10_auc", 0.7175).containsEntry("candidate_decision", "EVIDENCE")
        .containsEntry("kept", true);
    assertThat(lineage.get("conduction_block")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("kept", false);

    RetrainGate.Decision passedOnMetrics = new RetrainGate.Decision(List.of(), true, "ecg 1e-6, text 1e-6");
    RetrainGate.Decision refused = passedOnMetrics.withLabelLosses(losses, false);
    assertThat(refused.passed()).isFalse();
    assertThat(refused.explanation()).startsWith("conduction_block: candidate fold-10 AUC 0.690")
        .endsWith("(--allow-label-loss publishes it anyway)");
    RetrainGate.Decision allowed = passedOnMetrics.withLabelLosses(losses, true);
    assertThat(allowed.passed()).isTrue();
    assertThat(allowed.explanation()).startsWith("passed, allowed to lose (--allow-label-loss): conduction_block:");
    assertThat(passedOnMetrics.withLabelLosses(List.of(), false).explanation()).isEqualTo("passed");
  }

  @Test
  void anAdvisoryTheCandidateNoLongerEarnsIsALossEvenWhenTheLabelStays(@TempDir Path tmp) throws Exception {
    Path copy = BundleCopies.withAdvisory(tmp.resolve("bundle"), "0.3.0", "st_change",
        new LabelAdvisory("MODEL_ST_CHANGE", "MEDIUM", 0.4, 3, 0.5));
    ParentLabels labels = new ParentLabels(ModelBundle.open(copy).manifest());

    List<RetrainGate.LabelLoss> losses = labels.losses(candidate(), "unused");

    assertThat(losses).extracting(RetrainGate.LabelLoss::label).containsExactly("conduction_block", "st_change");
    assertThat(losses.get(1).message()).startsWith("st_change: candidate fold-10 AUC 0.705 [0.551, 0.842] vs production"
        + " 0.3.0's 0.718 [0.563, 0.854]; below the advisory rule (AUC >= 0.75, interval above 0.5), so the candidate"
        + " would lose the advisory MODEL_ST_CHANGE");
  }

  @Test
  void withoutPtbXlTheLabelsCannotBeEvaluatedAndTheMessageSaysWhereItIsExpected(@TempDir Path tmp) throws Exception {
    ParentLabels labels = new ParentLabels(ModelBundle.open(DefaultBundle.dir()).manifest());
    Files.createDirectories(tmp.resolve("ptbxl"));

    String why = labels.cannotEvaluate(tmp);

    assertThat(why).contains("production 0.2.0 has labels [conduction_block, st_change] beyond the rhythm set",
        "needs PTB-XL at " + tmp.resolve("ptbxl").toAbsolutePath() + " (ptbxl_database.csv");
    assertThat(labels.losses(Map.of(), why)).extracting(RetrainGate.LabelLoss::message).containsExactly(
        "conduction_block was not re-evaluated (" + why + "), so the candidate would lose it (label)",
        "st_change was not re-evaluated (" + why + "), so the candidate would lose it (label, evidence for ST_DEVIATION)");
  }

  @Test
  void aLabelWithoutCalibrationIsALossSayingWhy() throws Exception {
    ParentLabels labels = new ParentLabels(ModelBundle.open(DefaultBundle.dir()).manifest());
    Map<String, Map<String, Object>> evaluated = candidate();
    Map<String, Object> stChange = new java.util.LinkedHashMap<>(evaluated.get("st_change"));
    stChange.put("decision", "NONE");
    stChange.put("calibration", null);
    evaluated.put("st_change", stChange);

    assertThat(labels.losses(evaluated, "unused")).extracting(RetrainGate.LabelLoss::message).last()
        .isEqualTo("st_change: candidate fold-10 AUC 0.705 [0.551, 0.842] vs production 0.2.0's 0.718 [0.563, 0.854];"
            + " no increasing calibration fits its selection data (the chosen prompts do not score positives higher),"
            + " so the candidate would lose the label (label, evidence for ST_DEVIATION)");
  }

  private static Map<String, Map<String, Object>> candidate() throws Exception {
    return JSON.readValue(CANDIDATE, new TypeReference<Map<String, Map<String, Object>>>() {});
  }
}
