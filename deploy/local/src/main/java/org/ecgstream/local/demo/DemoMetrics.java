package org.ecgstream.local.demo;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.dashboard.Dashboard;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.observability.HealthCheck;
import org.ecgstream.observability.HealthStatus;
import org.ecgstream.observability.MergedScrape;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.MetricsEndpointConfig;
import org.ecgstream.observability.ServiceMeterRegistry;

/**
 * The demo's one metrics endpoint ({@code ./ecg demo --metrics-port N}): the in-process services'
 * registries (ingest, and the dashboard unless it is off), each with its own {@code service} tag,
 * merged into one scrape ({@link MergedScrape}), so the Grafana dashboard's queries work on the
 * demo as on a cluster. Ready when ingest is RUNNING and the dashboard is ready. Flink's reporter
 * cannot share the port (it runs its own HTTP server in the MiniCluster): it is on N+1.
 */
public final class DemoMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry ingestRegistry = ServiceMeterRegistry.create("ingest");
  private final PrometheusMeterRegistry dashboardRegistry;
  private final MetricsEndpoint endpoint;
  private volatile IngestApp ingest;
  private volatile Dashboard dashboard;

  private DemoMetrics(MetricsEndpointConfig config, boolean withDashboard) {
    this.dashboardRegistry = withDashboard ? ServiceMeterRegistry.create(Dashboard.SERVICE) : null;
    List<PrometheusMeterRegistry> registries = new ArrayList<>(List.of(ingestRegistry));
    if (dashboardRegistry != null) {
      registries.add(dashboardRegistry);
    }
    // Up before the services start, so that a taken port fails the demo at once and probes see "not ready".
    this.endpoint = MetricsEndpoint.start("demo", config, new MergedScrape(registries), HealthCheck.ALWAYS_UP, this::readiness);
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port); fails with a message naming the port when it is taken. */
  public static DemoMetrics start(int port, boolean withDashboard) {
    return new DemoMetrics(new MetricsEndpointConfig(true, "127.0.0.1", port), withDashboard);
  }

  public PrometheusMeterRegistry ingestRegistry() {
    return ingestRegistry;
  }

  /** The dashboard's registry; only when started with the dashboard. */
  public PrometheusMeterRegistry dashboardRegistry() {
    if (dashboardRegistry == null) {
      throw new IllegalStateException("the demo runs without the dashboard");
    }
    return dashboardRegistry;
  }

  public void serving(IngestApp ingest) {
    this.ingest = ingest;
  }

  public void serving(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  HealthStatus readiness() {
    IngestApp i = ingest;
    if (i == null) {
      return HealthStatus.down("ingest not started yet");
    }
    HealthStatus ingestStatus = i.readiness();
    if (!ingestStatus.up()) {
      return HealthStatus.down("ingest: " + ingestStatus.detail());
    }
    if (dashboardRegistry == null) {
      return HealthStatus.up("ingest: " + ingestStatus.detail());
    }
    Dashboard d = dashboard;
    if (d == null) {
      return HealthStatus.down("dashboard not started yet");
    }
    HealthStatus dashboardStatus = d.readiness();
    return dashboardStatus.up()
        ? HealthStatus.up("ingest: " + ingestStatus.detail() + "; dashboard: " + dashboardStatus.detail())
        : HealthStatus.down("dashboard: " + dashboardStatus.detail());
  }

  public MetricsEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
