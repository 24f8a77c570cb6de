package org.ecgstream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the endpoint's keys under a service's prefix: off without a port, bad values named. */
class MetricsEndpointConfigTest {

  @Test
  void withoutAPortThereIsNoEndpoint() {
    assertThat(MetricsEndpointConfig.from(Map.of("ingest.reorder.bound.ms", "1500"), "ingest.").enabled()).isFalse();
  }

  @Test
  void aPortUnderThePrefixSwitchesItOn() {
    MetricsEndpointConfig config = MetricsEndpointConfig.from(
        Map.of("ingest.metrics.port", "9404", "ingest.metrics.bind-address", "127.0.0.1"), "ingest.");

    assertThat(config).isEqualTo(new MetricsEndpointConfig(true, "127.0.0.1", 9404));
  }

  @Test
  void enabledFalseWinsOverAPort() {
    assertThat(MetricsEndpointConfig.from(Map.of("metrics.port", "9404", "metrics.enabled", "false"), "").enabled()).isFalse();
  }

  @Test
  void badValuesAreNamedTogether() {
    assertThatThrownBy(() -> MetricsEndpointConfig.from(Map.of("metrics.port", "70000", "metrics.enabled", "yes"), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metrics.port: a port 0-65535 (0: any free port), was '70000'")
        .hasMessageContaining("metrics.enabled: true or false, was 'yes'");
  }

  @Test
  void enabledWithoutAPortSaysWhichKeyIsMissing() {
    assertThatThrownBy(() -> MetricsEndpointConfig.from(Map.of("ingest.metrics.enabled", "true"), "ingest."))
        .hasMessageContaining("ingest.metrics.enabled=true needs ingest.metrics.port");
  }
}
