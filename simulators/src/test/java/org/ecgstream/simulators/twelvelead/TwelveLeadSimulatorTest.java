package org.ecgstream.simulators.twelvelead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwelveLeadSimulatorTest {

  private static final int I = 0;
  private static final int II = 1;
  private static final int III = 2;
  private static final int AVR = 3;
  private static final int AVL = 4;
  private static final int AVF = 5;
  private static final int V1 = 6;
  private static final int V5 = 10;
  private static final int V6 = 11;

  private static Scenario clean(Finding first, Finding... more) {
    return Scenario.of(first, more).withArtifacts(Artifacts.NONE);
  }

  @Test
  void limbLeadsSatisfyEinthovenAndGoldbergerSampleBySample() {
    Scenario scenario = Scenario.of(Finding.ATRIAL_FIBRILLATION, Finding.RIGHT_BUNDLE_BRANCH_BLOCK)
        .withArtifacts(new Artifacts(2, 50));
    float[][] x = new TwelveLeadSimulator(250, 1).simulate(scenario, 10).millivolts();
    for (int k = 0; k < x[0].length; k++) {
      assertThat((double) x[III][k]).isCloseTo(x[II][k] - x[I][k], within(1e-6));
      assertThat((double) x[AVR][k]).isCloseTo(-(x[I][k] + x[II][k]) / 2, within(1e-6));
      assertThat((double) x[AVL][k]).isCloseTo(x[I][k] - x[II][k] / 2, within(1e-6));
      assertThat((double) x[AVF][k]).isCloseTo(x[II][k] - x[I][k] / 2, within(1e-6));
    }
  }

  @Test
  void rPeaksInTheTruthAreTheMaximaOfLeadII() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 2);
    int checked = 0;
    for (int r = 0; r < 8; r++) {
      Recording rec = simulator.simulate(clean(Finding.SINUS_RHYTHM), 10);
      if (rec.truth().qrsAxisDegrees() < 0 || rec.truth().qrsAxisDegrees() > 100) {
        continue; // lead II QRS is small or biphasic at these axes
      }
      float[] ii = rec.millivolts()[II];
      for (Beat beat : rec.truth().beats()) {
        int from = (int) Math.max(0, beat.rPeakSample() - 30);
        int to = (int) Math.min(ii.length - 1, beat.rPeakSample() + 30);
        int argmax = from;
        for (int k = from; k <= to; k++) {
          argmax = ii[k] > ii[argmax] ? k : argmax;
        }
        assertThat((long) argmax).as("beat at %.3f s", beat.rPeakSeconds()).isCloseTo(beat.rPeakSample(), within(4L));
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void atrialFibrillationIsIrregularlyIrregular() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(250, 3);
    for (int r = 0; r < 10; r++) {
      Recording rec = simulator.simulate(clean(Finding.ATRIAL_FIBRILLATION), 60);
      assertThat(SignalMeasurements.rrCoefficientOfVariation(rec.truth().beats())).isGreaterThan(0.1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"SINUS_RHYTHM", "SINUS_BRADYCARDIA", "SINUS_TACHYCARDIA"})
  void sinusRhythmsAreRegularAtTheirRate(Finding rhythm) {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(250, 4);
    for (int r = 0; r < 4; r++) {
      Recording rec = simulator.simulate(clean(rhythm), 60);
      assertThat(SignalMeasurements.rrCoefficientOfVariation(rec.truth().beats())).isLessThan(0.08);
      assertThat(rec.truth().meanHeartRateBpm()).isBetween(rhythm.minRateBpm() - 5.0, rhythm.maxRateBpm() + 5.0);
    }
  }

  @Test
  void atrialFibrillationHasNoPWaveBeforeTheQrs() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 5);
    for (int r = 0; r < 5; r++) {
      Recording sinus = simulator.simulate(clean(Finding.SINUS_RHYTHM), 40);
      Recording af = simulator.simulate(clean(Finding.ATRIAL_FIBRILLATION), 40);
      double sinusP = SignalMeasurements.alignedAveragePeakToPeak(sinus, II, sinus.truth().beats(), -0.22, -0.08, 0.6);
      double afP = SignalMeasurements.alignedAveragePeakToPeak(af, II, af.truth().beats(), -0.22, -0.08, 0.6);
      assertThat(sinusP).isGreaterThan(0.07);
      assertThat(afP).as("AF P-window %.3f mV vs sinus %.3f mV", afP, sinusP).isLessThan(0.5 * sinusP);
      assertThat(af.truth().pWaveSeconds()).isEmpty();
    }
  }

  @Test
  void atrialFibrillationShowsFibrillatoryWavesMostInV1AndInferiorLeads() {
    Recording af = new TwelveLeadSimulator(500, 6).simulate(clean(Finding.ATRIAL_FIBRILLATION), 20);
    Recording sinus = new TwelveLeadSimulator(500, 6).simulate(clean(Finding.SINUS_RHYTHM), 20);
    assertThat(tqVariance(af, V1)).isGreaterThan(tqVariance(af, V6));
    assertThat(tqVariance(af, II)).isGreaterThan(tqVariance(af, V6));
    assertThat(tqVariance(af, V1)).isGreaterThan(10 * tqVariance(sinus, V1));
  }

  /** Variance of the first difference just before each QRS (-0.08..-0.05 s): f-waves, not P or T. */
  private static double tqVariance(Recording rec, int lead) {
    double sum = 0;
    int n = 0;
    for (Beat beat : rec.truth().beats()) {
      for (long k = beat.rPeakSample() - 40; k < beat.rPeakSample() - 25; k++) {
        if (k > 0) {
          double d = rec.millivolts()[lead][(int) k] - rec.millivolts()[lead][(int) k - 1];
          sum += d * d;
          n++;
        }
      }
    }
    return sum / n;
  }

  @Test
  void bundleBranchBlocksWidenTheQrsBeyond120Milliseconds() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 7);
    for (int r = 0; r < 5; r++) {
      assertThat(medianQrsWidth(simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.LEFT_BUNDLE_BRANCH_BLOCK), 10))).isGreaterThan(0.12);
      assertThat(medianQrsWidth(simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.RIGHT_BUNDLE_BRANCH_BLOCK), 10))).isGreaterThan(0.12);
      assertThat(medianQrsWidth(simulator.simulate(clean(Finding.SINUS_RHYTHM), 10))).isLessThan(0.11);
    }
  }

  private static double medianQrsWidth(Recording rec) {
    double[] widths = rec.truth().beats().stream()
        .filter(b -> b.type() == BeatType.NORMAL)
        .mapToDouble(b -> SignalMeasurements.qrsWidthSeconds(rec, b))
        .sorted()
        .toArray();
    return widths[widths.length / 2];
  }

  @Test
  void rightBundleBranchBlockHasRsrPrimeInV1AndTerminalSInV6() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 8);
    for (int r = 0; r < 5; r++) {
      Recording rec = simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.RIGHT_BUNDLE_BRANCH_BLOCK), 5);
      Beat beat = rec.truth().beats().get(1);
      double[] early = SignalMeasurements.extremes(rec, V1, beat, -0.01, 0.03);
      double[] late = SignalMeasurements.extremes(rec, V1, beat, 0.04, 0.11);
      assertThat(early[0]).as("S in V1").isLessThan(late[1]);
      assertThat(late[1]).as("R' in V1").isGreaterThan(0.15);
      assertThat(SignalMeasurements.extremes(rec, V6, beat, 0.04, 0.11)[0]).as("terminal S in V6").isLessThan(-0.1);
    }
  }

  @Test
  void leftBundleBranchBlockIsNegativeInV1AndPositiveInV6() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 9);
    for (int r = 0; r < 5; r++) {
      Recording rec = simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.LEFT_BUNDLE_BRANCH_BLOCK), 5);
      Beat beat = rec.truth().beats().get(1);
      double[] v1 = SignalMeasurements.extremes(rec, V1, beat, -0.08, 0.06);
      double[] v6 = SignalMeasurements.extremes(rec, V6, beat, -0.08, 0.06);
      assertThat(-v1[0]).isGreaterThan(2 * Math.max(v1[1], 0.05));
      assertThat(v6[1]).isGreaterThan(2 * Math.max(-v6[0], 0.05));
    }
  }

  @Test
  void prematureVentricularContractionsAreFollowedByACompensatoryPause() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(250, 10);
    int checked = 0;
    for (int r = 0; r < 4; r++) {
      List<Beat> beats = simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.PREMATURE_VENTRICULAR_CONTRACTION), 60).truth().beats();
      for (int i = 2; i < beats.size() - 1; i++) {
        if (beats.get(i).type() == BeatType.PREMATURE_VENTRICULAR && beats.get(i - 1).type() == BeatType.NORMAL
            && beats.get(i - 2).type() == BeatType.NORMAL && beats.get(i + 1).type() == BeatType.NORMAL) {
          double rr = beats.get(i - 1).rPeakSeconds() - beats.get(i - 2).rPeakSeconds();
          double coupling = beats.get(i).rPeakSeconds() - beats.get(i - 1).rPeakSeconds();
          double around = beats.get(i + 1).rPeakSeconds() - beats.get(i - 1).rPeakSeconds();
          assertThat(coupling).isLessThan(0.75 * rr);
          assertThat(around).isCloseTo(2 * rr, within(0.15 * rr));
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(5);
  }

  @Test
  void bigeminyAlternatesNormalAndVentricularBeats() {
    List<Beat> beats = new TwelveLeadSimulator(250, 11)
        .simulate(clean(Finding.SINUS_RHYTHM, Finding.VENTRICULAR_BIGEMINY), 30).truth().beats();
    for (int i = 1; i < beats.size(); i++) {
      assertThat(beats.get(i).type() == BeatType.PREMATURE_VENTRICULAR).isNotEqualTo(beats.get(i - 1).type() == BeatType.PREMATURE_VENTRICULAR);
    }
  }

  @Test
  void thirdDegreeAvBlockDissociatesPWavesFromSlowEscapeBeats() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(250, 12);
    for (int r = 0; r < 4; r++) {
      GroundTruth truth = simulator.simulate(clean(Finding.THIRD_DEGREE_AV_BLOCK), 60).truth();
      assertThat(truth.meanHeartRateBpm()).isLessThan(56);
      assertThat(truth.pWaveSeconds().size()).isGreaterThan((int) (1.1 * truth.beats().size()));
      List<Double> pr = new ArrayList<>();
      for (Beat beat : truth.beats()) {
        truth.pWaveSeconds().stream().filter(p -> p < beat.rPeakSeconds()).reduce((a, b) -> b)
            .ifPresent(p -> pr.add(beat.rPeakSeconds() - p));
      }
      double mean = pr.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double sd = Math.sqrt(pr.stream().mapToDouble(x -> (x - mean) * (x - mean)).average().orElseThrow());
      assertThat(sd).as("P-to-QRS intervals vary").isGreaterThan(0.1);
    }
  }

  @Test
  void firstDegreeAvBlockProlongsThePrIntervalBeyond200Milliseconds() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 13);
    for (int r = 0; r < 5; r++) {
      GroundTruth block = simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.FIRST_DEGREE_AV_BLOCK), 10).truth();
      GroundTruth normal = simulator.simulate(clean(Finding.SINUS_RHYTHM), 10).truth();
      assertThat(block.prIntervalSeconds()).isGreaterThan(0.2);
      assertThat(normal.prIntervalSeconds()).isLessThan(0.2);
      Beat beat = block.beats().get(2);
      double lastP = block.pWaveSeconds().stream().filter(p -> p < beat.rPeakSeconds()).reduce((a, b) -> b).orElseThrow();
      assertThat(beat.rPeakSeconds() - lastP).isGreaterThan(0.2);
    }
  }

  @Test
  void leftVentricularHypertrophyMeetsSokolowLyonVoltage() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 14);
    for (int r = 0; r < 5; r++) {
      Recording lvh = simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.LEFT_VENTRICULAR_HYPERTROPHY), 5);
      Beat beat = lvh.truth().beats().get(1);
      double sV1 = -SignalMeasurements.extremes(lvh, V1, beat, -0.05, 0.05)[0];
      double rV5 = Math.max(SignalMeasurements.extremes(lvh, V5, beat, -0.05, 0.05)[1], SignalMeasurements.extremes(lvh, V6, beat, -0.05, 0.05)[1]);
      assertThat(sV1 + rV5).isGreaterThan(3.5);
    }
  }

  @Test
  void stElevationRaisesTheStSegmentInItsTerritory() {
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(500, 15);
    Recording rec = simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.ST_ELEVATION).withTerritory(Territory.INFERIOR), 5);
    Recording ref = simulator.simulate(clean(Finding.SINUS_RHYTHM, Finding.ST_DEPRESSION).withTerritory(Territory.INFERIOR), 5);
    Beat beat = rec.truth().beats().get(1);
    double stII = rec.millivolts()[II][(int) beat.rPeakSample() + 50]; // J + 60 ms at 500 Hz
    double stAvl = rec.millivolts()[AVL][(int) beat.rPeakSample() + 50];
    assertThat(stII).isGreaterThan(0.1);
    assertThat(stAvl).isLessThan(0);
    Beat refBeat = ref.truth().beats().get(1);
    assertThat((double) ref.millivolts()[II][(int) refBeat.rPeakSample() + 50]).isLessThan(-0.05);
  }

  @ParameterizedTest
  @ValueSource(ints = {100, 250, 300, 360, 500, 1000})
  void everyCommonSampleRateGivesTheRequestedDurationAndBeats(int rateHz) {
    Recording rec = new TwelveLeadSimulator(rateHz, 16).simulate(Scenario.of(Finding.SINUS_RHYTHM).withArtifacts(new Artifacts(1, 50)), 10);
    assertThat(rec.sampleRateHz()).isEqualTo(rateHz);
    assertThat(rec.millivolts()).hasNumberOfRows(12);
    assertThat(rec.sampleCount()).isEqualTo(10 * rateHz);
    assertThat(rec.truth().beats()).hasSizeBetween(8, 18);
    for (Beat beat : rec.truth().beats()) {
      assertThat(beat.rPeakSample()).isBetween(0L, rec.sampleCount() - 1L);
    }
    for (float[] lead : rec.millivolts()) {
      for (float v : lead) {
        assertThat(Float.isFinite(v) && Math.abs(v) < 10).isTrue();
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameRecordings() {
    Scenario scenario = Scenario.of(Finding.ATRIAL_FLUTTER, Finding.PREMATURE_VENTRICULAR_CONTRACTION).withArtifacts(new Artifacts(1, 60));
    Recording a = new TwelveLeadSimulator(360, 17).simulate(scenario, 8);
    Recording b = new TwelveLeadSimulator(360, 17).simulate(scenario, 8);
    Recording c = new TwelveLeadSimulator(360, 18).simulate(scenario, 8);
    assertThat(a.millivolts()).isDeepEqualTo(b.millivolts());
    assertThat(a.truth()).isEqualTo(b.truth());
    assertThat(Arrays.equals(a.millivolts()[1], c.millivolts()[1])).isFalse();
  }

  @Test
  void incompatibleFindingsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> Scenario.of(Finding.ATRIAL_FIBRILLATION, Finding.FIRST_DEGREE_AV_BLOCK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FIRST_DEGREE_AV_BLOCK");
    assertThatThrownBy(() -> Scenario.of(Finding.SINUS_RHYTHM, Finding.ATRIAL_FIBRILLATION))
        .hasMessageContaining("exactly one rhythm");
    assertThatThrownBy(() -> Scenario.of(Finding.SINUS_RHYTHM, Finding.NORMAL_ECG, Finding.LEFT_BUNDLE_BRANCH_BLOCK))
        .hasMessageContaining("NORMAL_ECG");
  }
}
