package org.ecgstream.simulators.twelvelead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.simulators.report.ReportWriter;
import org.junit.jupiter.api.Test;

class TwelveLeadScenarioSamplerTest {

  @Test
  void drawsOneRhythmWithAtMostTwoCompatibleFindingsInTheConfiguredMix() {
    ScenarioSampler sampler = new ScenarioSampler(21);
    Map<Finding, Integer> rhythms = new EnumMap<>(Finding.class);
    int n = 3000;
    for (int i = 0; i < n; i++) {
      Scenario s = sampler.next();
      rhythms.merge(s.rhythm(), 1, Integer::sum);
      long secondary = s.findings().stream().filter(f -> !f.isRhythm() && f != Finding.NORMAL_ECG).count();
      assertThat(secondary).isLessThanOrEqualTo(2);
      if (s.has(Finding.NORMAL_ECG)) {
        assertThat(s.rhythm().isSinus()).isTrue();
        assertThat(secondary).isZero();
      }
    }
    ScenarioSampler.defaultRhythmMix().forEach((rhythm, share) ->
        assertThat(rhythms.getOrDefault(rhythm, 0) / (double) n).as("%s", rhythm).isCloseTo(share, within(0.03)));
  }

  @Test
  void aCustomMixDrawsOnlyItsRhythms() {
    ScenarioSampler sampler = new ScenarioSampler(Map.of(Finding.ATRIAL_FIBRILLATION, 1.0, Finding.ATRIAL_FLUTTER, 1.0), new double[] {1}, 0, 22);
    for (int i = 0; i < 200; i++) {
      Scenario s = sampler.next();
      assertThat(s.findings()).hasSize(1);
      assertThat(s.rhythm()).isIn(Finding.ATRIAL_FIBRILLATION, Finding.ATRIAL_FLUTTER);
      assertThat(s.artifacts().mainsHz()).isZero();
    }
    assertThatThrownBy(() -> new ScenarioSampler(Map.of(Finding.LEFT_BUNDLE_BRANCH_BLOCK, 1.0), new double[] {1}, 0, 1))
        .hasMessageContaining("rhythm");
  }

  @Test
  void theSameSeedDrawsTheSameScenarios() {
    ScenarioSampler a = new ScenarioSampler(23);
    ScenarioSampler b = new ScenarioSampler(23);
    for (int i = 0; i < 100; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }

  @Test
  void sampledScenariosSimulateAndGetReports() {
    ScenarioSampler sampler = new ScenarioSampler(24);
    TwelveLeadSimulator simulator = new TwelveLeadSimulator(300, 24);
    ReportWriter writer = new ReportWriter(24);
    List<String> reports = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      Recording rec = simulator.simulate(sampler.next(), 10);
      assertThat(rec.truth().beats()).isNotEmpty();
      reports.add(writer.write(rec.truth()));
    }
    assertThat(reports).allSatisfy(r -> assertThat(r).isNotBlank());
    assertThat(reports.stream().distinct().count()).isGreaterThan(30);
  }
}
