package org.ecgstream.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.dashboard.http.RecordingAckPublisher;
import org.ecgstream.dashboard.metrics.DashboardMetrics;
import org.ecgstream.observability.PrometheusText;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's /metrics and /health over real HTTP, with Kafka not reachable (a closed port):
 * the feed waits for its topics, so the dashboard is live but not ready, and says why; browsers
 * signing in, streaming and acknowledging move the meters. (Ready with a broker: deploy/local's
 * GrafanaDashboardTest, through the demo's endpoint.)
 */
@Timeout(60)
class DashboardMetricsEndpointTest {

  private static final String PASSWORD = "Corr3ct-horse-battery";

  private final HttpClient scraper = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Dashboard dashboard;
  private URI metrics;

  @BeforeEach
  void start() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap", "127.0.0.1:" + closedPort);
    values.put("http.port", "0");
    values.put("metrics.port", "0");
    values.put("metrics.bind-address", "127.0.0.1");
    values.put("signin.max-failures", "2");
    values.put("user.nurse.kim", new PasswordHasher(10_000).hash(PASSWORD.toCharArray()));
    dashboard = Dashboard.start(DashboardConfig.of(values), new RecordingAckPublisher(), Clock.systemUTC());
    metrics = dashboard.metricsEndpoint().orElseThrow().baseUri();
  }

  @AfterEach
  void stop() {
    dashboard.close();
  }

  @Test
  void withoutKafkaTheDashboardIsLiveButNotReadyAndSaysWhy() throws Exception {
    HttpResponse<String> ready = get(metrics.resolve("/health/ready"));
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).contains("DOWN").contains("no partitions yet").contains("ecg.frames");
    assertThat(get(metrics.resolve("/health/live")).statusCode()).isEqualTo(200);
    // The endpoint is outside the sign-in; the dashboard's own port still is not.
    assertThat(get(dashboard.url().resolve("/metrics")).statusCode()).isEqualTo(303);
  }

  @Test
  void signInsStreamsAndAcknowledgementsAreCounted() throws Exception {
    PrometheusText before = scrape();
    assertThat(value(before, "dashboard_sign_ins_total", "outcome", "ok")).isZero();
    assertThat(value(before, "dashboard_clients_connected", null, null)).isZero();
    assertThat(before.names()).contains("dashboard_feed_records_total", "dashboard_feed_partitions",
        "dashboard_clients_dropped_total", "dashboard_events_pushed_total", "dashboard_acks_total");

    HttpClient wrong = browser();
    assertThat(signIn(wrong, "wrong-password").statusCode()).isEqualTo(401);
    assertThat(signIn(wrong, "wrong-password").statusCode()).isEqualTo(401);
    assertThat(signIn(wrong, PASSWORD).statusCode()).isEqualTo(429); // max-failures 2 for this user: throttled

    PrometheusText afterRefusals = scrape();
    assertThat(value(afterRefusals, "dashboard_sign_ins_total", "outcome", "refused")).isEqualTo(2);
    assertThat(value(afterRefusals, "dashboard_sign_ins_total", "outcome", "throttled")).isEqualTo(1);
    assertThat(value(afterRefusals, "dashboard_sign_ins_total", "outcome", "ok")).isZero();
  }

  @Test
  void aConnectedBrowserAndItsEventsShowOnTheScrape() throws Exception {
    HttpClient nurse = browser();
    assertThat(signIn(nurse, PASSWORD).statusCode()).isEqualTo(303);
    assertThat(value(scrape(), "dashboard_sign_ins_total", "outcome", "ok")).isEqualTo(1);

    CompletableFuture<HttpResponse<InputStream>> stream = nurse.sendAsync(
        HttpRequest.newBuilder(dashboard.url().resolve("/api/events")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    awaitTrue(() -> valueUnchecked("dashboard_clients_connected") == 1, "one connected browser on the scrape");
    double pushedBefore = valueUnchecked("dashboard_events_pushed_total");
    dashboard.ward().onAlarm(TestAlarms.change("alarm-1", 0, AlarmState.RAISED, AlarmPriority.HIGH, System.currentTimeMillis()));
    awaitTrue(() -> valueUnchecked("dashboard_events_pushed_total") > pushedBefore, "the alarm event counted as pushed");

    // An acknowledgement without the CSRF token is refused, and counted so.
    HttpResponse<String> ack = nurse.send(HttpRequest.newBuilder(dashboard.url().resolve("/api/alarms/alarm-1/ack"))
        .header("Origin", origin()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ack.statusCode()).isEqualTo(403);
    assertThat(value(scrape(), "dashboard_acks_total", "outcome", "refused")).isEqualTo(1);
    assertThat(value(scrape(), "dashboard_acks_total", "outcome", "sent")).isZero();

    stream.join().body().close();
    dashboard.hub().closeAll();
    awaitTrue(() -> valueUnchecked("dashboard_clients_connected") == 0, "the browser gone from the scrape");
    PrometheusText last = scrape();
    assertThat(last.types()).containsEntry("dashboard_events_pushed_total", "counter").containsEntry("dashboard_clients_connected", "gauge");
    assertThat(last.named("dashboard_clients_connected").get(0).labels()).containsEntry("service", Dashboard.SERVICE);
    assertThat(DashboardMetrics.CLIENTS_DROPPED).isEqualTo("dashboard.clients.dropped");
  }

  private HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private HttpResponse<String> signIn(HttpClient c, String password) throws Exception {
    String form = "username=nurse.kim&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return c.send(HttpRequest.newBuilder(dashboard.url().resolve("/login")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String origin() {
    return "http://" + dashboard.url().getAuthority();
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return browser().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private PrometheusText scrape() throws Exception {
    HttpResponse<String> r = get(metrics.resolve("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  private static double value(PrometheusText scrape, String name, String label, String labelValue) {
    return scrape.named(name).stream().filter(s -> label == null || labelValue.equals(s.labels().get(label)))
        .mapToDouble(PrometheusText.Sample::value).findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + (label == null ? "" : "{" + label + "=" + labelValue + "}") + " on the scrape"));
  }

  private double valueUnchecked(String name) {
    try {
      return value(scrape(), name, null, null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 15 s: " + what);
      }
      Thread.sleep(20); // polling a condition with a deadline, not synchronising on time
    }
  }
}
