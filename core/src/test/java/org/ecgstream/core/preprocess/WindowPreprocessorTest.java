package org.ecgstream.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.Map;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

class WindowPreprocessorTest {

  private static final InputSpec SPEC =
      new InputSpec(StandardLeads.TWELVE, 100, 1000, 0.5, 40, InputSpec.Normalisation.PER_LEAD_ZSCORE);

  private final WindowPreprocessor preprocessor = new WindowPreprocessor(SPEC);

  private static Map<Lead, float[]> leadsOf(WfdbRecord record) {
    Map<Lead, float[]> leads = new EnumMap<>(Lead.class);
    for (int s = 0; s < record.signalCount(); s++) {
      leads.put(StandardLeads.parse(record.signalName(s)), record.physical(s));
    }
    return leads;
  }

  @Test
  void ptbXlTwelveLeadRecordBecomesTwelveNormalisedLeads() throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("ptbxl").resolve("records100/00000"), "00001_lr");
    EcgWindow window = preprocessor.prepare(leadsOf(record), record.samplingFrequencyHz());

    assertThat(window.presentLeadCount()).isEqualTo(12);
    assertThat(window.validSamples()).isEqualTo(1000);
    for (float[] lead : window.samples()) {
      double mean = 0;
      double squares = 0;
      for (float v : lead) {
        mean += v;
        squares += v * v;
      }
      mean /= lead.length;
      assertThat(mean).isCloseTo(0, within(1e-3));
      assertThat(Math.sqrt(squares / lead.length)).isCloseTo(1, within(0.05));
    }
  }

  @Test
  void singleLeadAt300HzIsResampledIntoItsSlotAndTheOtherLeadsAreAbsent() throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("cinc2017"), "A00005");
    float[] tenSeconds = java.util.Arrays.copyOf(record.physical(0), 3000);
    EcgWindow window = preprocessor.prepare(Map.of(Lead.I, tenSeconds), 300);

    assertThat(window.present()).containsExactly(
        true, false, false, false, false, false, false, false, false, false, false, false);
    assertThat(window.samples()[1]).containsOnly(0f);
    assertThat(window.validSamples()).isEqualTo(1000);
  }

  @Test
  void shortRecordingIsZeroPaddedAndSaysHowMuchIsReal() {
    float[] sixSeconds = new float[600];
    for (int i = 0; i < sixSeconds.length; i++) {
      sixSeconds[i] = (float) Math.sin(2 * Math.PI * 1.2 * i / 100.0);
    }
    EcgWindow window = preprocessor.prepare(Map.of(Lead.II, sixSeconds), 100);
    assertThat(window.validSamples()).isEqualTo(600);
    assertThat(window.samples()[1][599]).isNotZero();
    assertThat(window.samples()[1][600]).isZero();
  }

  @Test
  void flatOrMostlyInvalidLeadsAreAbsentNotNoise() {
    float[] flat = new float[1000];
    float[] invalid = new float[1000];
    java.util.Arrays.fill(invalid, Float.NaN);
    EcgWindow window = preprocessor.prepare(Map.of(Lead.I, flat, Lead.II, invalid), 100);
    assertThat(window.presentLeadCount()).isZero();
    assertThat(window.validSamples()).isZero();
  }

  @Test
  void shortRunsOfInvalidSamplesAreBridged() {
    float[] x = {0f, 1f, Float.NaN, Float.NaN, Float.NaN, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f,
        16f, 17f, 18f, 19f, 20f, 21f, 22f, 23f, 24f, 25f, 26f, 27f, 28f, 29f, 30f, 31f};
    float[] filled = WindowPreprocessor.fillInvalid(x, x.length);
    assertThat(filled[2]).isEqualTo(2f);
    assertThat(filled[3]).isEqualTo(3f);
    assertThat(filled[4]).isEqualTo(4f);
  }
}
