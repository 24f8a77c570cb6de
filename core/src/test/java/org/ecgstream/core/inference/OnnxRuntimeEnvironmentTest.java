package org.ecgstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxRuntimeEnvironmentTest {

  @Test
  void telemetryIsOffOnlyWhenTheVariableIsOne() {
    assertThat(OnnxRuntimeEnvironment.telemetryDisabledBy(Map.of("ORT_DISABLE_TELEMETRY", "1"))).isTrue();
    assertThat(OnnxRuntimeEnvironment.telemetryDisabledBy(Map.of("ORT_DISABLE_TELEMETRY", "0"))).isFalse();
    assertThat(OnnxRuntimeEnvironment.telemetryDisabledBy(Map.of())).isFalse();
  }

  /** The root pom starts every test JVM with the variable, as ./ecg, the images and the pods start theirs. */
  @Test
  void theBuildStartsTestJvmsWithTelemetryOff() {
    assertThat(OnnxRuntimeEnvironment.telemetryDisabledBy(System.getenv())).isTrue();
    assertThat(OnnxRuntimeEnvironment.get()).isSameAs(OnnxRuntimeEnvironment.get());
  }
}
