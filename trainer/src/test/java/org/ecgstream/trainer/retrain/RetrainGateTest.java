package org.ecgstream.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate: each metric at least production's minus the tolerance, parity passed; refusals name the metric. */
class RetrainGateTest {

  private static final String ZERO_SHOT = HeldOutEvaluation.ZERO_SHOT_AF_AUC;
  private static final String PROBE = HeldOutEvaluation.LINEAR_PROBE_AF_AUC;
  private static final Map<String, Double> PRODUCTION = Map.of(ZERO_SHOT, 0.80, PROBE, 0.90);

  @Test
  void candidateWithinToleranceOnEveryMetricPasses() {
    RetrainGate gate = new RetrainGate(List.of(ZERO_SHOT, PROBE), 0.02);

    RetrainGate.Decision decision = gate.decide(Map.of(ZERO_SHOT, 0.785, PROBE, 0.95), PRODUCTION, true, "ecg 1e-6");

    assertThat(decision.passed()).isTrue();
    assertThat(decision.explanation()).isEqualTo("passed");
  }

  @Test
  void metricWorseThanToleranceIsRefusedNamingMetricValueProductionAndTolerance() {
    RetrainGate gate = new RetrainGate(List.of(ZERO_SHOT, PROBE), 0.02);

    RetrainGate.Decision decision = gate.decide(Map.of(ZERO_SHOT, 0.81, PROBE, 0.85), PRODUCTION, true, "ecg 1e-6");

    assertThat(decision.passed()).isFalse();
    assertThat(decision.failures()).singleElement().satisfies(f -> {
      assertThat(f.metric()).isEqualTo(PROBE);
      assertThat(f.candidate()).isEqualTo(0.85);
      assertThat(f.production()).isEqualTo(0.90);
    });
    assertThat(decision.explanation())
        .isEqualTo("heldout.linear_probe_af_auc 0.8500 is below production's 0.9000 by more than the tolerance 0.0200");
  }

  @Test
  void exactlyAtTheToleranceStillPassesAndANegativeToleranceDemandsAnImprovement() {
    Map<String, Double> same = Map.of(ZERO_SHOT, 0.80, PROBE, 0.90);

    assertThat(new RetrainGate(List.of(ZERO_SHOT, PROBE), 0.0).decide(same, PRODUCTION, true, "").passed()).isTrue();
    RetrainGate.Decision demanding = new RetrainGate(List.of(ZERO_SHOT, PROBE), -1).decide(same, PRODUCTION, true, "");
    assertThat(demanding.failures()).extracting(RetrainGate.Failure::metric).containsExactly(ZERO_SHOT, PROBE);
  }

  @Test
  void failedParityRefusesEvenWithBetterMetrics() {
    RetrainGate.Decision decision = new RetrainGate(List.of(ZERO_SHOT), 0.02)
        .decide(Map.of(ZERO_SHOT, 0.99), PRODUCTION, false, "ecg 3.1e-02 above 1e-04");

    assertThat(decision.passed()).isFalse();
    assertThat(decision.explanation()).startsWith("parity check failed (ecg 3.1e-02 above 1e-04)");
  }

  @Test
  void undefinedAucIsRefusedAndAMissingMetricOrBadToleranceIsAnError() {
    RetrainGate gate = new RetrainGate(List.of(ZERO_SHOT), 0.02);

    assertThat(gate.decide(Map.of(ZERO_SHOT, Double.NaN), PRODUCTION, true, "").passed()).isFalse();
    assertThatThrownBy(() -> gate.decide(Map.of(PROBE, 0.9), PRODUCTION, true, ""))
        .hasMessageContaining("heldout.zero_shot_af_auc is missing from the candidate's evaluation");
    assertThatThrownBy(() -> new RetrainGate(List.of(ZERO_SHOT), 1.5)).hasMessageContaining("[-1, 1]");
    assertThatThrownBy(() -> new RetrainGate(List.of(), 0.02)).hasMessageContaining("at least one metric");
  }
}
