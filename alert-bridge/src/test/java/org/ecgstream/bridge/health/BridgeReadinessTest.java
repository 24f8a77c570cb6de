package org.ecgstream.bridge.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.ecgstream.bridge.AlertBridgeRuntime;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.bridge.fhir.RecordingFhirServer;
import org.ecgstream.observability.MetricsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Without a reachable broker the bridge's consumer never gets a partition: /health/ready says so
 * (503) although its FHIR peer is up, while /health/live is 200 (it keeps trying; a restart would
 * not help).
 */
class BridgeReadinessTest {

  @Test
  @Timeout(60)
  void notReadyWhileTheConsumerHasNoPartitionSayingWhy() throws Exception {
    int noBroker;
    try (ServerSocket s = new ServerSocket(0)) {
      noBroker = s.getLocalPort();
    }
    try (RecordingFhirServer fhir = new RecordingFhirServer(n -> 201);
        AlertBridgeRuntime bridge = AlertBridgeRuntime.start(BridgeConfig.of(Map.of(
            BridgeConfig.BOOTSTRAP.name(), "127.0.0.1:" + noBroker,
            BridgeConfig.FHIR_URL.name(), fhir.base().toString(),
            BridgeConfig.DRAIN_TIMEOUT.name(), "100",
            BridgeConfig.METRICS_PORT.name(), "0",
            BridgeConfig.METRICS_BIND_ADDRESS.name(), "127.0.0.1")))) {
      URI base = bridge.metricsEndpoint().map(MetricsEndpoint::baseUri).orElseThrow();
      HttpClient http = HttpClient.newHttpClient();

      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> live = http.send(HttpRequest.newBuilder(base.resolve("/health/live")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("consumer has no partition of ecg.alerts assigned");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(bridge.readiness().up()).isFalse();
    }
  }
}
