package org.ecgstream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The endpoint over real HTTP on a loopback port: the scrape parses, probes follow the checks. */
@Timeout(30)
class MetricsEndpointTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final PrometheusMeterRegistry registry = ServiceMeterRegistry.create("test-service");
  private MetricsEndpoint endpoint;

  @AfterEach
  void stop() {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  @Test
  void metricsAreServedInThePrometheusTextFormatWithTheServiceTag() throws Exception {
    Counter.builder("ingest.records.in").register(registry).increment(3);
    Timer.builder("bridge.delivery.latency").tag("channel", "hl7").register(registry).record(Duration.ofMillis(40));
    endpoint = MetricsEndpoint.start("test", MetricsEndpointConfig.ephemeralLoopback(), registry,
        HealthCheck.ALWAYS_UP, HealthCheck.ALWAYS_UP);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.PROMETHEUS_TEXT);
    PrometheusText scrape = PrometheusText.parse(response.body());
    assertThat(scrape.named("ingest_records_in_total")).singleElement()
        .satisfies(s -> {
          assertThat(s.value()).isEqualTo(3.0);
          assertThat(s.labels()).containsEntry("service", "test-service");
        });
    assertThat(scrape.types()).containsEntry("ingest_records_in_total", "counter")
        .containsEntry("bridge_delivery_latency_seconds", "summary");
    assertThat(scrape.named("bridge_delivery_latency_seconds_count")).singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("channel", "hl7"));
    assertThat(scrape.names()).contains("jvm_memory_used_bytes", "process_uptime_seconds");
  }

  @Test
  void readinessFollowsTheCheckBetweenRequests() throws Exception {
    AtomicReference<HealthStatus> state = new AtomicReference<>(HealthStatus.down("Kafka Streams state REBALANCING"));
    endpoint = MetricsEndpoint.start("test", MetricsEndpointConfig.ephemeralLoopback(), registry,
        HealthCheck.ALWAYS_UP, state::get);

    HttpResponse<String> notReady = get("/health/ready");
    state.set(HealthStatus.up("Kafka Streams state RUNNING"));
    HttpResponse<String> ready = get("/health/ready");
    state.set(HealthStatus.down("Kafka Streams state ERROR: \"stream thread died\""));
    HttpResponse<String> failed = get("/health/ready");

    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body()).isEqualTo("{\"status\":\"DOWN\",\"reason\":\"Kafka Streams state REBALANCING\"}\n");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"detail\":\"Kafka Streams state RUNNING\"}\n");
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.body()).contains("\\\"stream thread died\\\"");
  }

  @Test
  void livenessIsSeparateFromReadiness() throws Exception {
    endpoint = MetricsEndpoint.start("test", MetricsEndpointConfig.ephemeralLoopback(), registry,
        HealthCheck.ALWAYS_UP, () -> HealthStatus.down("consumer not assigned"));

    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void aCheckThatThrowsIsDownWithTheExceptionAsReason() throws Exception {
    endpoint = MetricsEndpoint.start("test", MetricsEndpointConfig.ephemeralLoopback(), registry,
        () -> {
          throw new IllegalStateException("state unknown");
        }, HealthCheck.ALWAYS_UP);

    HttpResponse<String> live = get("/health/live");

    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(live.body()).contains("check failed").contains("state unknown");
  }

  @Test
  void combinedChecksNameTheFirstReasonDown() {
    HealthCheck consumer = () -> HealthStatus.up("2 partitions assigned");
    HealthCheck peers = () -> HealthStatus.down("hl7 alert-manager:2575 unreachable");

    assertThat(consumer.and(peers).check()).isEqualTo(HealthStatus.down("hl7 alert-manager:2575 unreachable"));
    assertThat(consumer.and(consumer).check()).isEqualTo(HealthStatus.up("2 partitions assigned; 2 partitions assigned"));
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    endpoint = MetricsEndpoint.start("test", MetricsEndpointConfig.ephemeralLoopback(), registry,
        HealthCheck.ALWAYS_UP, HealthCheck.ALWAYS_UP);

    assertThat(get("/admin").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(endpoint.baseUri().resolve("/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void closeStopsListening() throws Exception {
    endpoint = MetricsEndpoint.start("test", MetricsEndpointConfig.ephemeralLoopback(), registry,
        HealthCheck.ALWAYS_UP, HealthCheck.ALWAYS_UP);
    URI metrics = endpoint.baseUri().resolve("/metrics");
    assertThat(get("/metrics").statusCode()).isEqualTo(200);

    endpoint.close();
    endpoint = null;

    assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void aTakenPortFailsWithAMessageSayingWhatToDo() {
    endpoint = MetricsEndpoint.start("test", MetricsEndpointConfig.ephemeralLoopback(), registry,
        HealthCheck.ALWAYS_UP, HealthCheck.ALWAYS_UP);
    MetricsEndpointConfig same = new MetricsEndpointConfig(true, "127.0.0.1", endpoint.port());

    assertThatThrownBy(() -> MetricsEndpoint.start("second", same, registry, HealthCheck.ALWAYS_UP, HealthCheck.ALWAYS_UP))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + endpoint.port())
        .hasMessageContaining("--metrics-port");
  }

  @Test
  void disabledConfigStartsNothing() {
    assertThat(MetricsEndpoint.startIfEnabled("test", MetricsEndpointConfig.disabled(), registry,
        HealthCheck.ALWAYS_UP, HealthCheck.ALWAYS_UP)).isEmpty();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(endpoint.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
