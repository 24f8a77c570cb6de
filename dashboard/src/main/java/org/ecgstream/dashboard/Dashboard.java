package org.ecgstream.dashboard;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.dashboard.http.DashboardServer;
import org.ecgstream.dashboard.kafka.AckPublisher;
import org.ecgstream.dashboard.kafka.KafkaAckPublisher;
import org.ecgstream.dashboard.kafka.WardFeed;
import org.ecgstream.dashboard.metrics.DashboardMetrics;
import org.ecgstream.dashboard.push.EventHub;
import org.ecgstream.dashboard.ward.WardState;
import org.ecgstream.observability.HealthCheck;
import org.ecgstream.observability.HealthStatus;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.ServiceMeterRegistry;

/**
 * The live dashboard: {@code topics -> WardFeed -> WardState -> EventHub -> browsers}, and
 * {@code browser acknowledge -> AckPublisher -> acks topic}. One instance serves any number of
 * browsers from one consumer. With {@code metrics.port} set, {@code /metrics} and
 * {@code /health/*} are served on that port, outside the sign-in ({@link DashboardMetrics}).
 */
public final class Dashboard implements AutoCloseable {

  /** The {@code service} tag of the dashboard's meters. */
  public static final String SERVICE = "dashboard";

  private final WardState ward;
  private final EventHub hub;
  private final WardFeed feed;
  private final Thread feedThread;
  private final AckPublisher acks;
  private final DashboardServer server;
  private final KafkaClientMetrics feedClientMetrics;
  private final String topics;
  private volatile MetricsEndpoint endpoint;

  private Dashboard(DashboardConfig config, AckPublisher acks, Clock clock, PrometheusMeterRegistry registry) throws Exception {
    this.hub = new EventHub();
    this.ward = new WardState(config.intValue(DashboardConfig.WARD_RATE), config.intValue(DashboardConfig.BED_RATE), hub::publish,
        clock, config.millis(DashboardConfig.VITALS_STALE_AFTER).toMillis());
    hub.attach(ward);
    this.acks = acks;
    this.feed = new WardFeed(config.kafkaClientConfig(), new WardFeed.Topics(config.get(DashboardConfig.FRAMES_TOPIC),
        config.get(DashboardConfig.ALERTS_TOPIC), config.get(DashboardConfig.LABELS_TOPIC), config.get(DashboardConfig.MODELS_TOPIC),
        config.millis(DashboardConfig.ALERTS_LOOKBACK), config.millis(DashboardConfig.LABELS_LOOKBACK),
        config.get(DashboardConfig.VITALS_TOPIC), config.millis(DashboardConfig.VITALS_STALE_AFTER)), ward, clock);
    this.topics = String.join(", ", config.get(DashboardConfig.FRAMES_TOPIC), config.get(DashboardConfig.ALERTS_TOPIC),
        config.get(DashboardConfig.LABELS_TOPIC), config.get(DashboardConfig.VITALS_TOPIC), config.get(DashboardConfig.MODELS_TOPIC));
    DashboardMetrics metrics = new DashboardMetrics(registry);
    metrics.bind(hub);
    metrics.bind(feed);
    // Kafka's own consumer metrics: records-lag-max / records-lag per partition is the feed's lag.
    this.feedClientMetrics = new KafkaClientMetrics(feed.consumer());
    feedClientMetrics.bindTo(registry);
    this.server = new DashboardServer(config, ward, hub, acks, clock, metrics);
    this.feedThread = new Thread(feed, "dashboard-feed");
    feedThread.setDaemon(true);
  }

  /** Starts reading the topics and serving; acknowledgements go to the configured acks topic. */
  public static Dashboard start(DashboardConfig config) throws Exception {
    return start(config, ServiceMeterRegistry.create(SERVICE));
  }

  /** As {@link #start(DashboardConfig)} with the meters on {@code registry} (the demo shares one across its services). */
  public static Dashboard start(DashboardConfig config, PrometheusMeterRegistry registry) throws Exception {
    return start(config, new KafkaAckPublisher(config.kafkaClientConfig(), config.get(DashboardConfig.ACKS_TOPIC)), Clock.systemUTC(), registry);
  }

  /** As {@link #start(DashboardConfig)} with the given acknowledgement publisher and clock. */
  public static Dashboard start(DashboardConfig config, AckPublisher acks, Clock clock) throws Exception {
    return start(config, acks, clock, ServiceMeterRegistry.create(SERVICE));
  }

  /** As {@link #start(DashboardConfig)} with the given acknowledgement publisher, clock and registry. */
  public static Dashboard start(DashboardConfig config, AckPublisher acks, Clock clock, PrometheusMeterRegistry registry) throws Exception {
    Dashboard d = new Dashboard(config, acks, clock, registry);
    try {
      // Before the feed and the server, so that probes answer "not ready" while they start.
      d.endpoint = MetricsEndpoint.startIfEnabled(SERVICE, config.metricsEndpoint(), registry, HealthCheck.ALWAYS_UP, d::readiness)
          .orElse(null);
      d.feedThread.start();
      d.server.start();
      return d;
    } catch (Exception e) {
      if (d.feedThread.getState() == Thread.State.NEW) {
        d.feedThread.start(); // it sees the stop at once and closes its consumer
      }
      d.close();
      throw e;
    }
  }

  /**
   * Ready while the HTTP server accepts connections and the feed reads its partitions (all four
   * topics exist and are assigned); otherwise down saying which. Liveness is the endpoint
   * answering at all: a dashboard waiting for its topics must not be restarted for it.
   */
  public HealthStatus readiness() {
    if (!server.serving()) {
      return HealthStatus.down("dashboard HTTP server not started");
    }
    Optional<String> stopped = feed.stoppedBecause();
    if (stopped.isPresent()) {
      return HealthStatus.down("Kafka feed stopped: " + stopped.get());
    }
    int partitions = feed.assignedPartitions();
    if (partitions == 0) {
      return HealthStatus.down("Kafka feed has no partitions yet (waiting for the topics " + topics + " to exist and be readable)");
    }
    return HealthStatus.up("serving " + url() + ", feed reads " + partitions + " partitions, " + hub.clientCount() + " browsers connected");
  }

  public URI url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  /** The /metrics and /health endpoint, when metrics.port is set. */
  public Optional<MetricsEndpoint> metricsEndpoint() {
    return Optional.ofNullable(endpoint);
  }

  public WardState ward() {
    return ward;
  }

  public EventHub hub() {
    return hub;
  }

  /** Whether the feed has assigned its partitions and read once (what is shown is then live). */
  public boolean feedReady() {
    return feed.caughtUp();
  }

  /** Records the feed has read from the topics since start. */
  public long recordsRead() {
    return feed.recordsRead();
  }

  @Override
  public void close() {
    if (endpoint != null) {
      endpoint.close();
    }
    server.close();
    feed.close();
    try {
      feedThread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    feedClientMetrics.close();
    acks.close();
  }
}
