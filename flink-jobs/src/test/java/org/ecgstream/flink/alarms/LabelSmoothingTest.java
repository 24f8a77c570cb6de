package org.ecgstream.flink.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.junit.jupiter.api.Test;

/** Advisories of several labels from one label stream, each with its own settings and state, and model evidence. */
class LabelSmoothingTest {

  private static final LabelAdvisories.Advisory AF = new LabelAdvisories.Advisory(
      LabelSmoothing.ATRIAL_FIBRILLATION_MODEL, AlarmPriority.LOW, new LabelTrend.Settings("atrial_fibrillation", 0.5, 0.35, 3));
  private static final LabelAdvisories.Advisory BLOCK = new LabelAdvisories.Advisory(
      "MODEL_CONDUCTION_BLOCK", AlarmPriority.MEDIUM, new LabelTrend.Settings("conduction_block", 1.0, 0.5, 2));

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
    assertThatThrownBy(() -> new LabelAdvisories.Advisory("MODEL_X", AlarmPriority.HIGH, AF.settings()))
        .hasMessageContaining("a model never raises HIGH priority alarms");
  }

  @Test
  void modelEvidenceGoesToTheDeclaredDetectorKindAndOnlyFromProduction() {
    ModelEvidence evidence = new ModelEvidence(Map.of("st_change", RhythmAlarms.ST_DEVIATION));
    List<Alarm> out = new ArrayList<>();
    Collector<Alarm> collector = collector(out);

    evidence.flatMap(label(10_000, "production", Map.of("st_change", 0.62, "atrial_fibrillation", 0.9)), collector);
    evidence.flatMap(label(15_000, "shadow", Map.of("st_change", 0.7)), collector);

    assertThat(out).hasSize(1);
    Alarm e = out.get(0);
    assertThat(ModelEvidence.isEvidence(e)).isTrue();
    assertThat(e.getKind()).isEqualTo(RhythmAlarms.ST_DEVIATION);
    assertThat(e.getState()).isEqualTo(AlarmState.UPDATED);
    assertThat(e.getEvidence()).containsEntry("model.st_change", "0.62").containsEntry("model", "cmelt-tiny@0.2.0");
  }

  private static List<Alarm> run(List<LabelAdvisories.Advisory> advisories, List<Map<String, Double>> windows)
      throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, EcgLabel, Alarm> harness = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new LabelSmoothing(advisories)), EcgLabel::getPatientId, Types.STRING)) {
      harness.open();
      for (int w = 0; w < windows.size(); w++) {
        long end = 10_000 + 5_000L * w;
        harness.processElement(new StreamRecord<>(label(end, "production", windows.get(w)), end));
      }
      return new ArrayList<>(harness.extractOutputValues());
    }
  }

  private static EcgLabel label(long endMillis, String stage, Map<String, Double> scores) {
    List<LabelScore> list = new ArrayList<>();
    scores.forEach((l, s) -> list.add(new LabelScore(l, s.floatValue())));
    return EcgLabel.newBuilder().setPatientId("p1").setBedId("b1").setWindowStartMillis(endMillis - 10_000)
        .setWindowEndMillis(endMillis).setModelName("cmelt-tiny").setModelVersion("0.2.0").setModelStage(stage)
        .setScores(list).setEmbedding(null).build();
  }

  private static Collector<Alarm> collector(List<Alarm> out) {
    return new Collector<>() {
      @Override
      public void collect(Alarm record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };
  }
}
