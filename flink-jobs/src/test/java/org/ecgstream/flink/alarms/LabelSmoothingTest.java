package org.ecgstream.flink.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.flink.PublishedBundles;
import org.ecgstream.flink.WarningCapture;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.ModelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Advisories of several labels from one label stream, each with its own settings and state; model
 * evidence; and both following the manifest of the version that labelled each window, as versions
 * are hot-swapped (real bundle copies published to a store, as the registry names them).
 */
class LabelSmoothingTest {

  private static final String MODEL = "cmelt-tiny";
  private static final String FIRST = "0.2.0";
  private static final LabelAdvisories.Advisory AF = new LabelAdvisories.Advisory(
      LabelSmoothing.ATRIAL_FIBRILLATION_MODEL, AlarmPriority.LOW, new LabelTrend.Settings("atrial_fibrillation", 0.5, 0.35, 3));
  private static final LabelAdvisories.Advisory BLOCK = new LabelAdvisories.Advisory(
      "MODEL_CONDUCTION_BLOCK", AlarmPriority.MEDIUM, new LabelTrend.Settings("conduction_block", 1.0, 0.5, 2));
  private static final LabelAdvisory BLOCK_DECLARED = new LabelAdvisory("MODEL_CONDUCTION_BLOCK", "MEDIUM", 0.5, 2, 1.0);

  @TempDir Path tmp;

  @Test
  void eachAdvisoryLabelRaisesAndClearsItsOwnKindAtItsOwnPriority() throws Exception {
    // Windows every 5 s: the block label is high from the start, AF only from the third window on.
    double[][] afAndBlock = {{0.1, 0.8}, {0.1, 0.9}, {0.6, 0.9}, {0.7, 0.2}, {0.8, 0.1}, {0.9, 0.1}};
    List<Map<String, Double>> windows = new ArrayList<>();
    for (double[] w : afAndBlock) {
      windows.add(Map.of("atrial_fibrillation", w[0], "conduction_block", w[1]));
    }
    List<Alarm> out = run(List.of(AF, BLOCK), windows);

    assertThat(out).extracting(a -> a.getKind() + " " + a.getState() + " " + a.getPriority() + " @" + a.getEventTimeMillis())
        .containsExactly(
            "MODEL_CONDUCTION_BLOCK RAISED MEDIUM @15000",
            "MODEL_CONDUCTION_BLOCK CLEARED MEDIUM @25000",
            // AF smoothed: 0.1, 0.1, 0.35, 0.525, ... at or above 0.35 from the third window, raised on the fifth.
            "ATRIAL_FIBRILLATION_MODEL RAISED LOW @30000");
    Alarm block = out.get(0);
    assertThat(block.getCategory()).isEqualTo(AlarmCategory.ADVISORY);
    assertThat(block.getSource()).isEqualTo("model:cmelt-tiny@0.2.0");
    assertThat(block.getMessage()).startsWith("conduction block suggested by model cmelt-tiny@0.2.0");
    assertThat(block.getEvidence()).containsEntry("label", "conduction_block");
    assertThat(block.getAlarmId()).isEqualTo("p1:MODEL_CONDUCTION_BLOCK:15000");
  }

  @Test
  void aWindowWithoutTheLabelChangesNothingForIt() throws Exception {
    List<Alarm> out = run(List.of(BLOCK), List.of(Map.of("normal", 0.9), Map.of("conduction_block", 0.9),
        Map.of("normal", 0.9)));

    assertThat(out).isEmpty();
  }

  @Test
  void manifestAdvisoriesBecomeSettingsAndTheJobOptionsOverrideOnlyAtrialFibrillation() throws Exception {
    LabelAdvisories declared = LabelAdvisories.of(ModelBundle.open(DefaultBundle.dir()).manifest());

    assertThat(declared.advisory("atrial_fibrillation")).isEqualTo(AF);
    assertThat(declared.evidence()).containsEntry("atrial_fibrillation", RhythmAlarms.ATRIAL_FIBRILLATION)
        .containsEntry("st_change", RhythmAlarms.ST_DEVIATION);
    LabelAdvisories withBlock = new LabelAdvisories(List.of(AF,
        LabelAdvisories.advisory("conduction_block", new LabelAdvisory("MODEL_CONDUCTION_BLOCK", "MEDIUM", 0.5, 2, 1.0))), Map.of());
    LabelAdvisories tuned = withBlock.withAtrialFibrillation(0.6, 4);
    assertThat(tuned.advisory("atrial_fibrillation").settings()).isEqualTo(new LabelTrend.Settings("atrial_fibrillation", 0.5, 0.6, 4));
    assertThat(tuned.advisory("conduction_block")).isEqualTo(BLOCK);
    assertThat(withBlock.withAtrialFibrillation(null, 4).advisory("atrial_fibrillation").settings())
        .as("an unset option keeps the manifest's value").isEqualTo(new LabelTrend.Settings("atrial_fibrillation", 0.5, 0.35, 4));
    assertThat(withBlock.withAtrialFibrillation(null, null)).isEqualTo(withBlock);
    assertThatThrownBy(() -> new LabelAdvisories.Advisory("MODEL_X", AlarmPriority.HIGH, AF.settings()))
        .hasMessageContaining("a model never raises HIGH priority alarms");
  }

  @Test
  void aHotSwappedVersionsAdvisoryIsRaisedWithItsFirstWindowsAndEndsWhenTheNextVersionDropsIt() throws Exception {
    PublishedBundles store = new PublishedBundles(tmp);
    ModelVersion block = store.withAdvisory("0.3.0", "conduction_block", BLOCK_DECLARED);
    AdvisoryDeclarations declarations = firstBundle(store, null, null);

    try (var harness = smoothing(declarations)) {
      harness.processBroadcastElement(block, 0);
      feed(harness, "p-lbbb", "0.3.0", 10_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.9));
      feed(harness, "p-sinus", "0.3.0", 10_000, Map.of("conduction_block", 0.01), Map.of("conduction_block", 0.02));
      // Back to the first version, which declares no conduction-block advisory.
      feed(harness, "p-lbbb", FIRST, 20_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.9));
      feed(harness, "p-sinus", FIRST, 20_000, Map.of("conduction_block", 0.9));
      List<Alarm> out = harness.extractOutputValues();

      assertThat(out).extracting(LabelSmoothingTest::change).containsExactly(
          "p-lbbb MODEL_CONDUCTION_BLOCK RAISED MEDIUM @15000 by 0.3.0",
          "p-lbbb MODEL_CONDUCTION_BLOCK CLEARED MEDIUM @20000 by 0.2.0");
      assertThat(out.get(1).getAlarmId()).as("the same episode").isEqualTo(out.get(0).getAlarmId());
      assertThat(out.get(1).getEvidence()).containsEntry("endedBecause",
          "model cmelt-tiny@0.2.0 declares no advisory for conduction_block");
      assertThat(declarations.labelsOnFallback()).isZero();
    }
  }

  @Test
  void anAdvisoryDeclaredAsAnotherKindEndsTheEpisodeOfTheOldKindAndRaisesTheNewOne() throws Exception {
    PublishedBundles store = new PublishedBundles(tmp);
    ModelVersion medium = store.withAdvisory("0.3.0", "conduction_block", BLOCK_DECLARED);
    ModelVersion renamed = store.withAdvisory("0.4.0", "conduction_block",
        new LabelAdvisory("MODEL_BUNDLE_BRANCH_BLOCK", "LOW", 0.5, 2, 1.0));

    try (var harness = smoothing(firstBundle(store, null, null))) {
      harness.processBroadcastElement(medium, 0);
      harness.processBroadcastElement(renamed, 0);
      feed(harness, "p1", "0.3.0", 10_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.9));
      feed(harness, "p1", "0.4.0", 20_000, Map.of("conduction_block", 0.9));

      assertThat(harness.extractOutputValues()).extracting(LabelSmoothingTest::change).containsExactly(
          "p1 MODEL_CONDUCTION_BLOCK RAISED MEDIUM @15000 by 0.3.0",
          "p1 MODEL_CONDUCTION_BLOCK CLEARED MEDIUM @20000 by 0.4.0",
          // The smoothed score carries over: the new declaration is met at once.
          "p1 MODEL_BUNDLE_BRANCH_BLOCK RAISED LOW @20000 by 0.4.0");
    }
  }

  @Test
  void restoredFromASnapshotItKnowsTheVersionsAndEndsAnAdvisoryRaisedBeforeTheRestore() throws Exception {
    PublishedBundles store = new PublishedBundles(tmp);
    ModelVersion block = store.withAdvisory("0.3.0", "conduction_block", BLOCK_DECLARED);
    OperatorSubtaskState snapshot;
    try (var harness = smoothing(firstBundle(store, null, null))) {
      harness.processBroadcastElement(block, 0);
      feed(harness, "p1", "0.3.0", 10_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.9));
      assertThat(harness.extractOutputValues()).extracting(LabelSmoothingTest::change)
          .containsExactly("p1 MODEL_CONDUCTION_BLOCK RAISED MEDIUM @15000 by 0.3.0");
      snapshot = harness.snapshot(1, 15_000);
    }

    AdvisoryDeclarations restored = firstBundle(store, null, null);
    try (var harness = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(
        new LabelSmoothing(restored), List.of(AdvisoryDeclarations.VERSIONS)), EcgLabel::getPatientId, Types.STRING, 1, 1, 0)) {
      harness.initializeState(snapshot);
      harness.open();
      feed(harness, "p1", "0.3.0", 20_000, Map.of("conduction_block", 0.9));
      feed(harness, "p1", FIRST, 25_000, Map.of("conduction_block", 0.9));

      assertThat(harness.extractOutputValues()).extracting(LabelSmoothingTest::change)
          .containsExactly("p1 MODEL_CONDUCTION_BLOCK CLEARED MEDIUM @25000 by 0.2.0");
      assertThat(restored.labelsOnFallback()).as("0.3.0 known from the restored broadcast state").isZero();
    }
  }

  @Test
  void aVersionWhoseManifestCannotBeReadGetsTheLastKnownDeclarationWithOneWarningAndIsCounted() throws Exception {
    PublishedBundles store = new PublishedBundles(tmp);
    ModelVersion block = store.withAdvisory("0.3.0", "conduction_block", BLOCK_DECLARED);
    ModelVersion broken = store.declaring("0.4.0", Map.of(), Map.of());
    Files.writeString(store.storedDir(broken).resolve("manifest.json"), "{ not json");
    AdvisoryDeclarations declarations = firstBundle(store, null, null);
    List<String> warnings;

    try (WarningCapture capture = WarningCapture.of(AdvisoryDeclarations.class);
        var harness = smoothing(declarations)) {
      harness.processBroadcastElement(block, 0);
      harness.processBroadcastElement(broken, 0);
      feed(harness, "p1", "0.3.0", 10_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.9));
      // 0.4.0 declares nothing, but its manifest is unreadable: 0.3.0's declaration, the last known, holds.
      feed(harness, "p1", "0.4.0", 20_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.3),
          Map.of("conduction_block", 0.9));
      // Never declared on the registry stream at all: the same fallback.
      feed(harness, "p1", "0.9.9", 35_000, Map.of("conduction_block", 0.9));
      warnings = capture.messages();

      assertThat(harness.extractOutputValues()).extracting(LabelSmoothingTest::change).containsExactly(
          "p1 MODEL_CONDUCTION_BLOCK RAISED MEDIUM @15000 by 0.3.0",
          "p1 MODEL_CONDUCTION_BLOCK CLEARED MEDIUM @25000 by 0.4.0",
          "p1 MODEL_CONDUCTION_BLOCK RAISED MEDIUM @35000 by 0.9.9");
    }
    assertThat(declarations.labelsOnFallback()).isEqualTo(4);
    assertThat(warnings).hasSize(2);
    assertThat(warnings.get(0)).contains("model.advisories.unresolved").contains("version=0.4.0").contains("uses=0.3.0")
        .contains("manifest.json is not valid JSON");
    assertThat(warnings.get(1)).contains("version=0.9.9").contains("not declared on the registry stream");
  }

  @Test
  void aVersionsDeclarationIsReadFromItsManifestAloneNeverFromItsOnnxFiles() throws Exception {
    // Damaged and missing ONNX files: a bundle the switch refuses, and whose files opening the whole
    // bundle would hash (seconds for a large one, on the task thread). The declaration needs none of
    // them, and the registry's sha256 pins the manifest it is read from.
    PublishedBundles store = new PublishedBundles(tmp);
    ModelVersion block = store.withAdvisory("0.3.0", "conduction_block", BLOCK_DECLARED);
    BundleCopies.corruptEcgEncoder(store.storedDir(block));
    Files.delete(store.storedDir(block).resolve("text_encoder.onnx"));
    AdvisoryDeclarations declarations = firstBundle(store, null, null);

    try (WarningCapture capture = WarningCapture.of(AdvisoryDeclarations.class);
        var harness = smoothing(declarations)) {
      harness.processBroadcastElement(block, 0);
      feed(harness, "p-lbbb", "0.3.0", 10_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.9));

      assertThat(harness.extractOutputValues()).extracting(LabelSmoothingTest::change)
          .containsExactly("p-lbbb MODEL_CONDUCTION_BLOCK RAISED MEDIUM @15000 by 0.3.0");
      assertThat(capture.messages()).isEmpty();
    }
    assertThat(declarations.labelsOnFallback()).isZero();
  }

  @Test
  void aManifestChangedAfterPublishingIsNotTheOneTheRegistryPinnedAndItsDeclarationIsNotUsed() throws Exception {
    PublishedBundles store = new PublishedBundles(tmp);
    ModelVersion block = store.withAdvisory("0.3.0", "conduction_block", BLOCK_DECLARED);
    // Valid, still declaring the advisory, but not the bytes the registry published.
    Path manifest = store.storedDir(block).resolve("manifest.json");
    Files.writeString(manifest, Files.readString(manifest).replaceFirst("\\{", "{ "));
    AdvisoryDeclarations declarations = firstBundle(store, null, null);
    List<String> warnings;

    try (WarningCapture capture = WarningCapture.of(AdvisoryDeclarations.class);
        var harness = smoothing(declarations)) {
      harness.processBroadcastElement(block, 0);
      feed(harness, "p-lbbb", "0.3.0", 10_000, Map.of("conduction_block", 0.9), Map.of("conduction_block", 0.9));
      warnings = capture.messages();

      assertThat(harness.extractOutputValues()).as("the first bundle's declaration: no conduction-block advisory")
          .isEmpty();
    }
    assertThat(declarations.labelsOnFallback()).isEqualTo(2);
    assertThat(warnings).singleElement().asString().contains("version=0.3.0").contains("uses=0.2.0")
        .contains("sha256 of manifest.json is ").contains("the registry published " + block.getSha256())
        .contains("bundle replaced after publishing");
  }

  @Test
  void shadowLabelsNeverRaiseAnAdvisory() throws Exception {
    try (var harness = smoothing(new AdvisoryDeclarations(MODEL, FIRST, new LabelAdvisories(List.of(AF, BLOCK), Map.of()),
        null, null, null))) {
      for (int w = 0; w < 6; w++) {
        long end = 10_000 + 5_000L * w;
        harness.processElement(label("p1", FIRST, "shadow", end, Map.of("atrial_fibrillation", 0.9, "conduction_block", 0.9)), end);
      }

      assertThat(harness.extractOutputValues()).isEmpty();
    }
  }

  @Test
  void unsetAfOptionsLeaveEachVersionsManifestThresholdAndSetOnesWinForEveryVersion() throws Exception {
    PublishedBundles store = new PublishedBundles(tmp);
    // The same AF advisory with a stricter threshold: 0.6 instead of the default bundle's 0.35.
    ModelVersion strict = store.declaring("0.3.0", Map.of("atrial_fibrillation",
        new LabelAdvisory("ATRIAL_FIBRILLATION_MODEL", "LOW", 0.6, 3, 0.5)), Map.of());
    Map<String, Double> af = Map.of("atrial_fibrillation", 0.5);

    List<Alarm> manifests;
    try (var harness = smoothing(firstBundle(store, null, null))) {
      harness.processBroadcastElement(strict, 0);
      feed(harness, "p1", FIRST, 10_000, af, af, af);
      feed(harness, "p1", "0.3.0", 25_000, af);
      manifests = harness.extractOutputValues();
    }
    List<Alarm> option;
    try (var harness = smoothing(firstBundle(store, 0.45, null))) {
      harness.processBroadcastElement(strict, 0);
      feed(harness, "p1", FIRST, 10_000, af, af, af);
      feed(harness, "p1", "0.3.0", 25_000, af, af);
      option = harness.extractOutputValues();
    }

    assertThat(manifests).extracting(a -> change(a) + " limit " + a.getLimit()).containsExactly(
        "p1 ATRIAL_FIBRILLATION_MODEL RAISED LOW @20000 by 0.2.0 limit 0.35",
        "p1 ATRIAL_FIBRILLATION_MODEL CLEARED LOW @25000 by 0.3.0 limit 0.6");
    assertThat(option).as("0.45 for both versions; the windows still the manifest's 3")
        .extracting(a -> change(a) + " limit " + a.getLimit())
        .containsExactly("p1 ATRIAL_FIBRILLATION_MODEL RAISED LOW @20000 by 0.2.0 limit 0.45");
  }

  @Test
  void modelEvidenceFollowsTheVersionsDeclarationAndComesOnlyFromProduction() throws Exception {
    PublishedBundles store = new PublishedBundles(tmp);
    LabelAdvisory af = LabelAdvisory.ATRIAL_FIBRILLATION;
    ModelVersion noStEvidence = store.declaring("0.3.0", Map.of("atrial_fibrillation", af),
        Map.of("atrial_fibrillation", RhythmAlarms.ATRIAL_FIBRILLATION));
    Map<String, Double> scores = Map.of("st_change", 0.62, "atrial_fibrillation", 0.9);

    try (BroadcastOperatorTestHarness<EcgLabel, ModelVersion, Alarm> harness = ProcessFunctionTestHarnesses
        .forBroadcastProcessFunction(new ModelEvidence(firstBundle(store, null, null)), AdvisoryDeclarations.VERSIONS)) {
      harness.processBroadcastElement(noStEvidence, 0);
      harness.processElement(label("p1", FIRST, "production", 10_000, scores), 10_000);
      harness.processElement(label("p1", FIRST, "shadow", 15_000, Map.of("st_change", 0.7)), 15_000);
      harness.processElement(label("p1", "0.3.0", "production", 20_000, scores), 20_000);
      List<Alarm> out = harness.extractOutputValues();

      assertThat(out).extracting(e -> e.getKind() + " " + e.getEvidence().get("model") + " @" + e.getEventTimeMillis())
          .containsExactlyInAnyOrder(
              "ST_DEVIATION cmelt-tiny@0.2.0 @10000",
              "ATRIAL_FIBRILLATION cmelt-tiny@0.2.0 @10000",
              "ATRIAL_FIBRILLATION cmelt-tiny@0.3.0 @20000");
      Alarm st = out.stream().filter(e -> e.getKind().equals(RhythmAlarms.ST_DEVIATION)).findFirst().orElseThrow();
      assertThat(ModelEvidence.isEvidence(st)).isTrue();
      assertThat(st.getState()).isEqualTo(AlarmState.UPDATED);
      assertThat(st.getEvidence()).containsEntry("model.st_change", "0.62");
    }
  }

  /** The job's first bundle (the default one) with the job's AF options, later versions from {@code store}. */
  private static AdvisoryDeclarations firstBundle(PublishedBundles store, Double afThreshold, Integer afWindows)
      throws Exception {
    return new AdvisoryDeclarations(MODEL, FIRST, LabelAdvisories.of(ModelBundle.open(DefaultBundle.dir()).manifest()),
        store.storeDir(), afThreshold, afWindows);
  }

  private static KeyedBroadcastOperatorTestHarness<String, EcgLabel, ModelVersion, Alarm> smoothing(
      AdvisoryDeclarations declarations) throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new LabelSmoothing(declarations),
        EcgLabel::getPatientId, Types.STRING, AdvisoryDeclarations.VERSIONS);
  }

  /** Production windows of {@code patient} by {@code version}, one every 5 s, the first ending at {@code firstEndMillis}. */
  @SafeVarargs
  private static void feed(KeyedBroadcastOperatorTestHarness<String, EcgLabel, ModelVersion, Alarm> harness,
      String patient, String version, long firstEndMillis, Map<String, Double>... windows) throws Exception {
    for (int w = 0; w < windows.length; w++) {
      long end = firstEndMillis + 5_000L * w;
      harness.processElement(label(patient, version, "production", end, windows[w]), end);
    }
  }

  private static String change(Alarm a) {
    return a.getPatientId() + " " + a.getKind() + " " + a.getState() + " " + a.getPriority() + " @"
        + a.getEventTimeMillis() + " by " + a.getEvidence().get("modelVersion");
  }

  private static List<Alarm> run(List<LabelAdvisories.Advisory> advisories, List<Map<String, Double>> windows)
      throws Exception {
    AdvisoryDeclarations declared = new AdvisoryDeclarations(MODEL, FIRST, new LabelAdvisories(advisories, Map.of()),
        null, null, null);
    try (var harness = smoothing(declared)) {
      for (int w = 0; w < windows.size(); w++) {
        long end = 10_000 + 5_000L * w;
        harness.processElement(label("p1", FIRST, "production", end, windows.get(w)), end);
      }
      return new ArrayList<>(harness.extractOutputValues());
    }
  }

  private static EcgLabel label(String patient, String version, String stage, long endMillis, Map<String, Double> scores) {
    List<LabelScore> list = new ArrayList<>();
    scores.forEach((l, s) -> list.add(new LabelScore(l, s.floatValue())));
    return EcgLabel.newBuilder().setPatientId(patient).setBedId("bed-" + patient).setWindowStartMillis(endMillis - 10_000)
        .setWindowEndMillis(endMillis).setModelName(MODEL).setModelVersion(version).setModelStage(stage)
        .setScores(list).setEmbedding(null).build();
  }
}
