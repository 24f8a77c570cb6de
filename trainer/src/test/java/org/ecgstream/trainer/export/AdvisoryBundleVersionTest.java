package org.ecgstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.trainer.eval.Prompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle version from an advisory evaluation: same graphs, the labels the evaluation allows. */
class AdvisoryBundleVersionTest {

  /** An evaluation as './ecg eval --advisory-labels' writes it, with one label of each decision. */
  private static final String EVALUATION = """
      {"dataset": "ptbxl-advisory", "labels": {
        "st_change": {"alarm_kind": "MODEL_ST_CHANGE", "decision": "EVIDENCE", "chosen": "t_inversion",
          "prompts": ["t negativ", "t inversion"], "calibration": {"scale": 8.1, "bias": -6.1},
          "candidates": {"t_inversion": {"auc": 0.78, "auc_low": 0.68, "auc_high": 0.88, "positives": 21, "negatives": 60}},
          "test_fold_10": {"auc": 0.72, "auc_low": 0.56, "auc_high": 0.85, "positives": 16, "negatives": 50}},
        "conduction_block": {"alarm_kind": "MODEL_CONDUCTION_BLOCK", "decision": "ADVISORY", "chosen": "bbb",
          "prompts": ["linksschenkelblock", "rechtsschenkelblock"], "calibration": {"scale": 5.6, "bias": -5.1},
          "test_fold_10": {"auc": 0.90, "auc_low": 0.80, "auc_high": 0.97, "positives": 40, "negatives": 60}},
        "qt_prolongation": {"alarm_kind": "MODEL_QT", "decision": "NONE", "chosen": "qt",
          "prompts": ["qt verlängerung"], "calibration": {"scale": 2.0, "bias": -1.0},
          "test_fold_10": {"auc": 0.55, "auc_low": 0.40, "auc_high": 0.70, "positives": 5, "negatives": 61}}}}
      """;

  @Test
  void newVersionKeepsTheGraphsAndAddsTheLabelsTheEvaluationAllows(@TempDir Path tmp) throws Exception {
    Path source = BundleCopies.defaultBundle(tmp.resolve("source"));
    Path evaluation = Files.writeString(tmp.resolve("eval-advisory.json"), EVALUATION);
    Path out = tmp.resolve("out");

    BundleManifest m = AdvisoryBundleVersion.write(source, evaluation, out, "0.9.0", "abcdef1", quiet());

    BundleManifest before = ModelBundle.open(source).manifest();
    assertThat(ModelBundle.open(out).manifest()).isEqualTo(m);
    assertThat(m.version()).isEqualTo("0.9.0");
    assertThat(m.files().get("ecg_encoder.onnx")).isEqualTo(before.files().get("ecg_encoder.onnx"));
    assertThat(m.files().get("text_encoder.onnx")).isEqualTo(before.files().get("text_encoder.onnx"));
    assertThat(m.prompts()).containsKeys("atrial_fibrillation", "st_change", "conduction_block")
        .doesNotContainKey("qt_prolongation");
    assertThat(Prompts.read(out.resolve("prompts.json")).byLabel()).containsKeys("st_change", "conduction_block");
    assertThat(m.calibration().get("st_change").scale()).isEqualTo(8.1);
    assertThat(m.calibration().get("atrial_fibrillation")).isEqualTo(before.calibration().get("atrial_fibrillation"));
    assertThat(m.advisories()).containsEntry("atrial_fibrillation", LabelAdvisory.ATRIAL_FIBRILLATION)
        .containsEntry("conduction_block", new LabelAdvisory("MODEL_CONDUCTION_BLOCK", "LOW", 0.5, 3, 0.5))
        .doesNotContainKey("st_change");
    assertThat(m.evidence()).containsEntry("st_change", "ST_DEVIATION")
        .containsEntry("atrial_fibrillation", "ATRIAL_FIBRILLATION").doesNotContainKey("conduction_block");
    assertThat(m.metrics()).containsEntry("ptbxl.advisory.st_change.fold10_auc", 0.72)
        .containsEntry("ptbxl.advisory.st_change.fold10_positives", 16.0)
        .containsEntry("ptbxl.advisory.qt_prolongation.fold10_auc", 0.55);
  }

  @Test
  void outMayBeTheSourceBundleItself(@TempDir Path tmp) throws Exception {
    Path bundle = BundleCopies.defaultBundle(tmp.resolve("bundle"));
    Path evaluation = Files.writeString(tmp.resolve("eval-advisory.json"), EVALUATION);

    AdvisoryBundleVersion.write(bundle, evaluation, bundle, "0.9.1", "abcdef1", quiet());

    assertThat(ModelBundle.open(bundle).manifest().version()).isEqualTo("0.9.1");
    assertThat(Files.exists(tmp.resolve("bundle.staging"))).isFalse();
  }

  @Test
  void refusesAFileThatIsNotAnAdvisoryEvaluationAndAnOutFolderThatIsNotABundle(@TempDir Path tmp) throws Exception {
    Path source = BundleCopies.defaultBundle(tmp.resolve("source"));
    Path cinc = Files.writeString(tmp.resolve("eval-cinc2017.json"), "{\"dataset\": \"cinc2017\"}");
    Path evaluation = Files.writeString(tmp.resolve("eval-advisory.json"), EVALUATION);
    Path notABundle = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(notABundle.resolve("notes.txt"), "mine");

    assertThatThrownBy(() -> AdvisoryBundleVersion.write(source, cinc, tmp.resolve("out"), "0.9.0", "abcdef1", quiet()))
        .hasMessageContaining("not an advisory evaluation (make one with './ecg eval");
    assertThatThrownBy(() -> AdvisoryBundleVersion.write(source, evaluation, notABundle, "0.9.0", "abcdef1", quiet()))
        .hasMessageContaining("exists and is not a bundle");
    assertThat(notABundle.resolve("notes.txt")).hasContent("mine");
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
