package org.ecgstream.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifest's JSON form: a lossless round trip, snake_case names, stable order, validated fields. */
class BundleManifestTest {

  private static final BundleManifest MANIFEST = SampleBundles.manifest(SampleBundles.TWELVE_LEADS_250_HZ)
      .withFiles(Map.of("ecg_encoder.onnx", "0".repeat(64), "tokenizer.json", "f".repeat(64)));

  @Test
  void jsonRoundTripGivesAnEqualManifest() throws Exception {
    String json = new String(BundleWriter.toJson(MANIFEST), StandardCharsets.UTF_8);

    BundleManifest read = BundleJson.MAPPER.readValue(json, BundleManifest.class);

    assertThat(read).isEqualTo(MANIFEST);
    assertThat(read.created()).isEqualTo(MANIFEST.created());
    assertThat(read.inputSpec()).isEqualTo(SampleBundles.TWELVE_LEADS_250_HZ);
    assertThat(read.config()).containsEntry("notes", null).containsEntry("seed", 42);
  }

  @Test
  void jsonUsesSnakeCaseFieldsInDeclarationOrderAndSortedMapKeys() throws Exception {
    JsonNode tree = BundleJson.MAPPER.readTree(BundleWriter.toJson(MANIFEST));

    List<String> fields = new ArrayList<>();
    tree.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("format_version", "name", "version", "created", "git_commit", "config",
        "training_data", "metrics", "input_spec", "text_spec", "embedding_size", "onnx_opset", "files",
        "prompts", "calibration", "advisories", "evidence");
    assertThat(tree.get("created").asText()).isEqualTo("2026-11-25T10:15:30.123Z");
    assertThat(tree.at("/input_spec/sample_rate_hz").asInt()).isEqualTo(250);
    assertThat(tree.at("/input_spec/leads/3").asText()).isEqualTo("AVR");
    assertThat(tree.at("/training_data/0/content_sha256").asText()).hasSize(64);
    assertThat(tree.at("/text_spec/max_tokens").asInt()).isEqualTo(128);
    List<String> metricKeys = new ArrayList<>();
    tree.get("metrics").fieldNames().forEachRemaining(metricKeys::add);
    assertThat(metricKeys).containsExactly("ptbxl.test.af_auc", "ptbxl.test.macro_auc");
  }

  @Test
  void sameManifestAlwaysGivesTheSameBytes() throws Exception {
    BundleManifest reread = BundleJson.MAPPER.readValue(BundleWriter.toJson(MANIFEST), BundleManifest.class);

    assertThat(BundleWriter.toJson(reread)).isEqualTo(BundleWriter.toJson(MANIFEST));
  }

  @Test
  void calibrationAdvisoriesAndEvidenceAreOptional() throws Exception {
    ObjectNode tree = (ObjectNode) BundleJson.MAPPER.readTree(BundleWriter.toJson(MANIFEST));
    tree.remove("calibration");
    tree.remove("advisories");
    tree.remove("evidence");

    BundleManifest read = BundleJson.MAPPER.treeToValue(tree, BundleManifest.class);

    assertThat(read.calibrated()).isFalse();
    assertThat(read.advisories()).isEmpty();
    assertThat(read.evidence()).isEmpty();
    assertThat(MANIFEST.calibrated()).isTrue();
  }

  @Test
  void refusesAVersionThatIsNotSemantic() {
    for (String bad : List.of("1.2", "v1.2.3", "01.2.3", "1.2.3.4", "latest")) {
      assertThatThrownBy(() -> withVersion(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "' is not a semantic version MAJOR.MINOR.PATCH");
    }
    assertThat(withVersion("1.2.3-rc.1+build.5").version()).isEqualTo("1.2.3-rc.1+build.5");
  }

  @Test
  void refusesFileNamesOutsideTheBundleDirectoryAndBadDigests() {
    assertThatThrownBy(() -> MANIFEST.withFiles(Map.of("../secrets.txt", "0".repeat(64))))
        .hasMessageContaining("'../secrets.txt' is not a plain file name inside the bundle directory");
    assertThatThrownBy(() -> MANIFEST.withFiles(Map.of("ecg_encoder.onnx", "xyz")))
        .hasMessageContaining("files.ecg_encoder.onnx must be a sha256 of 64 lowercase hex digits");
  }

  @Test
  void refusesCalibrationForALabelWithoutPrompts() {
    BundleManifest m = MANIFEST;
    assertThatThrownBy(() -> new BundleManifest(m.formatVersion(), m.name(), m.version(), m.created(),
        m.gitCommit(), m.config(), m.trainingData(), m.metrics(), m.inputSpec(), m.textSpec(),
        m.embeddingSize(), m.onnxOpset(), m.files(), m.prompts(),
        Map.of("VF", new ZeroShotCalibration(1, 0)), Map.of(), Map.of()))
        .hasMessageContaining("calibration for label 'VF', which has no prompts");
  }

  @Test
  void advisoriesAndEvidenceSurviveTheRoundTripThroughJson() throws Exception {
    BundleManifest read = BundleJson.MAPPER.readValue(BundleWriter.toJson(MANIFEST), BundleManifest.class);

    assertThat(read.advisories()).containsExactly(
        Map.entry("AFIB", new LabelAdvisory("ATRIAL_FIBRILLATION_MODEL", "LOW", 0.35, 3, 0.5)));
    assertThat(read.evidence()).containsExactly(Map.entry("AFIB", "ATRIAL_FIBRILLATION"));
    assertThat(new String(BundleWriter.toJson(MANIFEST), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"windows_to_raise\" : 3");
  }

  @Test
  void refusesAnAdvisoryOrEvidenceForALabelWithoutPromptsOrCalibration() {
    LabelAdvisory low = new LabelAdvisory("MODEL_X", "LOW", 0.5, 2, 0.5);
    assertThatThrownBy(() -> withAdvisories(Map.of("VF", low), Map.of()))
        .hasMessageContaining("advisories names label 'VF', which has no prompts");
    assertThatThrownBy(() -> withAdvisories(Map.of("SR", low), Map.of()))
        .hasMessageContaining("advisories names label 'SR', which has no calibration");
    assertThatThrownBy(() -> withAdvisories(Map.of(), Map.of("SR", "ST_DEVIATION")))
        .hasMessageContaining("evidence names label 'SR', which has no calibration");
    assertThatThrownBy(() -> withAdvisories(Map.of(), Map.of("AFIB", "atrial fibrillation")))
        .hasMessageContaining("evidence.AFIB must name a detector alarm kind in upper snake case");
  }

  @Test
  void refusesAHighPriorityAdvisoryAndSettingsOutOfRange() {
    assertThatThrownBy(() -> new LabelAdvisory("MODEL_X", "HIGH", 0.5, 2, 0.5))
        .hasMessageContaining("must be MEDIUM or LOW (a model never raises HIGH priority alarms");
    assertThatThrownBy(() -> new LabelAdvisory("model x", "LOW", 0.5, 2, 0.5))
        .hasMessageContaining("must be upper snake case");
    assertThatThrownBy(() -> new LabelAdvisory("MODEL_X", "LOW", 1.0, 2, 0.5))
        .hasMessageContaining("threshold 1.0 must be a calibrated probability strictly between 0 and 1");
    assertThatThrownBy(() -> new LabelAdvisory("MODEL_X", "LOW", 0.5, 0, 0.5))
        .hasMessageContaining("windows_to_raise must be at least 1");
    assertThatThrownBy(() -> new LabelAdvisory("MODEL_X", "LOW", 0.5, 2, 0))
        .hasMessageContaining("smoothing 0.0 must be in (0, 1]");
    assertThat(new LabelAdvisory("MODEL_X", "medium", 0.5, 2, 1).priority()).isEqualTo("MEDIUM");
  }

  @Test
  void refusesAManifestWhoseAdvisoryLacksItsSettings() {
    String json = new String(toJsonUnchecked(), java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"windows_to_raise\" : 3,", "");
    assertThatThrownBy(() -> BundleJson.MAPPER.readValue(json, BundleManifest.class))
        .hasMessageContaining("windows_to_raise");
  }

  private static byte[] toJsonUnchecked() {
    try {
      return BundleWriter.toJson(MANIFEST);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static BundleManifest withAdvisories(Map<String, LabelAdvisory> advisories, Map<String, String> evidence) {
    BundleManifest m = MANIFEST;
    return new BundleManifest(m.formatVersion(), m.name(), m.version(), m.created(), m.gitCommit(), m.config(),
        m.trainingData(), m.metrics(), m.inputSpec(), m.textSpec(), m.embeddingSize(), m.onnxOpset(),
        m.files(), m.prompts(), m.calibration(), advisories, evidence);
  }

  private static BundleManifest withVersion(String version) {
    BundleManifest m = MANIFEST;
    return new BundleManifest(m.formatVersion(), m.name(), version, m.created(), m.gitCommit(), m.config(),
        m.trainingData(), m.metrics(), m.inputSpec(), m.textSpec(), m.embeddingSize(), m.onnxOpset(),
        m.files(), m.prompts(), m.calibration(), m.advisories(), m.evidence());
  }
}
