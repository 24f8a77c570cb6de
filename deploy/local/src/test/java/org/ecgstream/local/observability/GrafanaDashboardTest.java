package org.ecgstream.local.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.bridge.hl7.ScriptedMllpReceiver.accept;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ecgstream.bridge.AlertBridgeRuntime;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.bridge.fhir.RecordingFhirServer;
import org.ecgstream.bridge.hl7.ScriptedMllpReceiver;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.alarms.AlarmStateMachine;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.flink.job.PrometheusReporterSettings;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.local.demo.DemoDashboard;
import org.ecgstream.local.demo.DemoMetrics;
import org.ecgstream.local.demo.LocalPipeline;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.MetricsEndpointConfig;
import org.ecgstream.observability.PrometheusText;
import org.ecgstream.observability.ServiceMeterRegistry;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Grafana dashboard (deploy/grafana/ecg-stream.json) cannot go stale silently: the whole local
 * pipeline runs on the embedded broker (ingest and bridge with their endpoints, the alarm job with
 * the default model, following the model registry, on a MiniCluster with Flink's Prometheus reporter) with a tachycardic bed until
 * an alarm has been raised, labelled windows exist and the alarm reached the bridge's receivers;
 * then every metric the dashboard queries, and every label its selectors match on, must be on the
 * real scrapes: {@code flink_*} on the reporter's, the others on the bridge's or the demo's endpoint
 * (ingest and the ward dashboard, with a nurse signed in after one wrong password and the ward open).
 */
class GrafanaDashboardTest {

  private static final Path DASHBOARD = Path.of(System.getProperty("user.dir")).resolve("../grafana/ecg-stream.json").normalize();
  private static final Path BUNDLE = Path.of(System.getProperty("ecg.models", "../../models")).resolve("cmelt-tiny");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void queriesReadMetricNamesAndNoFunctionIsTakenForOne() {
    assertThat(DashboardQueries.metrics("histogram_quantile(0.99, sum by (le, channel) (rate(bridge_delivery_latency_seconds_bucket{service=\"bridge\"}[$__rate_interval])))"))
        .containsOnlyKeys("bridge_delivery_latency_seconds_bucket")
        .containsEntry("bridge_delivery_latency_seconds_bucket", Set.of("service"));
    assertThat(DashboardQueries.metrics("max by (stage, version) (flink_x_modelVersionActive) == 1 and ingest_redy"))
        .containsOnlyKeys("flink_x_modelVersionActive", "ingest_redy");
  }

  @Test
  @Timeout(180)
  void everyMetricTheDashboardQueriesIsOnARealScrape() throws Exception {
    List<String> exprs = DashboardQueries.expressions(DASHBOARD);
    assertThat(exprs).hasSizeGreaterThan(20);

    Path work = Files.createTempDirectory("grafana-it-");
    int flinkPort = freePort();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
        ScriptedMllpReceiver alertManager = new ScriptedMllpReceiver(r -> accept());
        RecordingFhirServer fhir = new RecordingFhirServer(n -> 201)) {
      String bootstrap = broker.bootstrapServers();
      TopicProvisioner.ensureTopics(bootstrap, EcgTopics.ALL);

      // Ingest and the dashboard on the demo's one endpoint (./ecg demo --metrics-port), as the demo runs them.
      try (DemoMetrics demo = DemoMetrics.start(0, true);
          IngestApp ingest = new IngestApp(bootstrap, work.resolve("streams"), Map.of("application.id", "grafana-it"), demo.ingestRegistry());
          DemoDashboard wardView = DemoDashboard.start(bootstrap, 0, demo.dashboardRegistry());
          AlertBridgeRuntime bridge = AlertBridgeRuntime.start(BridgeConfig.of(Map.of(
              BridgeConfig.BOOTSTRAP.name(), bootstrap,
              BridgeConfig.HL7_ENDPOINT.name(), "127.0.0.1:" + alertManager.port(),
              BridgeConfig.FHIR_URL.name(), fhir.base().toString(),
              BridgeConfig.METRICS_PORT.name(), "0",
              BridgeConfig.METRICS_BIND_ADDRESS.name(), "127.0.0.1")))) {
        demo.serving(ingest);
        demo.serving(wardView.dashboard());
        ingest.start();
        ingest.awaitRunning(Duration.ofSeconds(60));
        // A nurse mistypes, signs in and keeps the ward open: sign-ins, a connected browser and pushed events are real.
        WardBrowser nurse = new WardBrowser(wardView);
        assertThat(nurse.signIn("not-the-password")).isEqualTo(401);
        assertThat(nurse.signIn(wardView.password())).isEqualTo(303);
        nurse.openWard();
        Configuration flink = PrometheusReporterSettings.enable(LocalPipeline.flinkConfig(work.resolve("checkpoints")), flinkPort);
        AlarmJobConfig job = AlarmJobConfig.defaults(bootstrap).on(bootstrap, "grafana-it", Duration.ofMillis(500))
            // Following the registry (no version published: the bundle serves as production), so that the
            // model switch's metrics (versions per stage, swaps, refusals) are on the scrape too.
            .withModel(ModelConfig.defaults(BUNDLE.toString()).followingRegistry(EcgTopics.MODELS.name(),
                Files.createDirectories(work.resolve("store")).toString()));
        JobClient alarms = EcgAlarmJob.onKafka(job).start(StreamExecutionEnvironment.createLocalEnvironment(1, flink), "ecg-alarms");
        try {
          long start = System.currentTimeMillis();
          try (FleetPublisher publisher = new FleetPublisher(new FleetPublisher.Settings(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), 0))) {
            publisher.run(List.of(new SimulatedBed(BedScript.steady("dev-a", "patient-a", "bed-a", 150), StandardLeads.TWELVE,
                500, 250, start, 1)), Duration.ofSeconds(25), Duration.ofMinutes(1), progress -> { });
          }
          URI flinkMetrics = URI.create("http://127.0.0.1:" + flinkPort + "/metrics");
          PrometheusText flinkScrape = awaitFlink(flinkMetrics, s ->
              s.named("flink_taskmanager_job_task_operator_kind_priority_state_" + AlarmStateMachine.STATE_CHANGES_METRIC).stream()
                  .anyMatch(x -> "RAISED".equals(x.labels().get("state")) && x.value() > 0)
              && s.named("flink_taskmanager_job_task_operator_windowsLabelled").stream().anyMatch(x -> x.value() > 0)
              && s.named("flink_jobmanager_job_lastCheckpointDuration").stream().anyMatch(x -> x.value() >= 0)
              && s.named("flink_taskmanager_job_task_operator_stage_version_modelVersionActive").stream()
                  .anyMatch(x -> "production".equals(x.labels().get("stage")) && x.value() == 1),
              Duration.ofSeconds(90));
          PrometheusText bridgeScrape = Scrapes.awaitScrape(bridge.metricsEndpoint().orElseThrow(),
              s -> s.named("bridge_alarms_delivered_total").stream().anyMatch(x -> x.value() > 0), Duration.ofSeconds(60));
          PrometheusText demoScrape = Scrapes.awaitScrape(demo.endpoint(), sc ->
              sc.named("dashboard_events_pushed_total").stream().anyMatch(x -> x.value() > 0)
              && sc.named("dashboard_clients_connected").stream().anyMatch(x -> x.value() == 1)
              && sc.named("dashboard_sign_ins_total").stream().anyMatch(x -> "refused".equals(x.labels().get("outcome")) && x.value() == 1),
              Duration.ofSeconds(30));
          assertThat(Scrapes.get(demo.endpoint(), "/health/ready").statusCode()).as("ingest running, dashboard serving its feed").isEqualTo(200);
          assertThat(demoScrape.named("ingest_records_in_total")).allSatisfy(x -> assertThat(x.labels()).containsEntry("service", "ingest"));
          assertThat(demoScrape.named("dashboard_clients_connected")).allSatisfy(x -> assertThat(x.labels()).containsEntry("service", "dashboard"));
          nurse.close();

          List<String> missing = new ArrayList<>();
          Set<String> checked = new TreeSet<>();
          for (String expr : exprs) {
            DashboardQueries.metrics(expr).forEach((metric, labels) -> {
              checked.add(metric);
              List<PrometheusText.Sample> samples = new ArrayList<>();
              if (metric.startsWith("flink_")) {
                samples.addAll(flinkScrape.named(metric));
              } else {
                samples.addAll(demoScrape.named(metric));
                samples.addAll(bridgeScrape.named(metric));
              }
              if (samples.isEmpty()) {
                missing.add(metric + " (in: " + expr + ")");
              }
              for (String label : labels) {
                if (samples.stream().noneMatch(s -> s.labels().containsKey(label))) {
                  missing.add(metric + " has no label " + label + " (in: " + expr + ")");
                }
              }
            });
          }
          System.out.println("grafana-it: " + checked.size() + " metrics of " + exprs.size() + " queries checked: " + checked);
          assertThat(missing).as("dashboard queries that no real scrape answers").isEmpty();
          assertThat(checked).anyMatch(m -> m.startsWith("flink_")).anyMatch(m -> m.startsWith("ingest_"))
              .anyMatch(m -> m.startsWith("bridge_")).anyMatch(m -> m.startsWith("dashboard_"));
        } finally {
          alarms.cancel().get();
        }
      }
    } finally {
      org.ecgstream.local.WorkDirectories.deleteRecursively(work);
    }
  }

  private static PrometheusText awaitFlink(URI metrics, Predicate<PrometheusText> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        PrometheusText scrape = PrometheusText.parse(r.body());
        if (done.test(scrape)) {
          return scrape;
        }
        last = scrape.names().stream().filter(n -> n.contains("operator_") || n.contains("Checkpoint")).toList().toString();
      } catch (java.io.IOException e) {
        last = e.toString(); // the reporter starts with the MiniCluster
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the Flink reporter's scrape did not show a raised alarm, a labelled window and a checkpoint within "
        + timeout + "; last: " + last);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A browser on the demo's dashboard: signs in, keeps the ward's event stream open until closed. */
  private static final class WardBrowser implements AutoCloseable {
    private final DemoDashboard dashboard;
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private java.util.concurrent.CompletableFuture<HttpResponse<java.io.InputStream>> stream;

    WardBrowser(DemoDashboard dashboard) {
      this.dashboard = dashboard;
    }

    int signIn(String password) throws Exception {
      URI base = dashboard.dashboard().url();
      String form = "username=" + DemoDashboard.USER + "&password=" + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8);
      return client.send(HttpRequest.newBuilder(base.resolve("/login")).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://" + base.getAuthority())
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    void openWard() {
      stream = client.sendAsync(HttpRequest.newBuilder(dashboard.dashboard().url().resolve("/api/events")).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
    }

    @Override
    public void close() throws Exception {
      if (stream != null) {
        stream.join().body().close();
      }
    }
  }
}
