package org.ecgstream.dashboard;

import java.net.URI;
import java.time.Clock;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.dashboard.http.DashboardServer;
import org.ecgstream.dashboard.kafka.AckPublisher;
import org.ecgstream.dashboard.kafka.KafkaAckPublisher;
import org.ecgstream.dashboard.kafka.WardFeed;
import org.ecgstream.dashboard.push.EventHub;
import org.ecgstream.dashboard.ward.WardState;

/**
 * The live dashboard: {@code topics -> WardFeed -> WardState -> EventHub -> browsers}, and
 * {@code browser acknowledge -> AckPublisher -> acks topic}. One instance serves any number of
 * browsers from one consumer.
 */
public final class Dashboard implements AutoCloseable {

  private final WardState ward;
  private final EventHub hub;
  private final WardFeed feed;
  private final Thread feedThread;
  private final AckPublisher acks;
  private final DashboardServer server;

  private Dashboard(DashboardConfig config, AckPublisher acks, Clock clock) throws Exception {
    this.hub = new EventHub();
    this.ward = new WardState(config.intValue(DashboardConfig.WARD_RATE), config.intValue(DashboardConfig.BED_RATE), hub::publish);
    hub.attach(ward);
    this.acks = acks;
    this.feed = new WardFeed(config.kafkaClientConfig(), new WardFeed.Topics(config.get(DashboardConfig.FRAMES_TOPIC),
        config.get(DashboardConfig.ALERTS_TOPIC), config.get(DashboardConfig.LABELS_TOPIC), config.get(DashboardConfig.MODELS_TOPIC),
        config.millis(DashboardConfig.ALERTS_LOOKBACK), config.millis(DashboardConfig.LABELS_LOOKBACK)), ward, clock);
    this.server = new DashboardServer(config, ward, hub, acks, clock);
    this.feedThread = new Thread(feed, "dashboard-feed");
    feedThread.setDaemon(true);
  }

  /** Starts reading the topics and serving; acknowledgements go to the configured acks topic. */
  public static Dashboard start(DashboardConfig config) throws Exception {
    return start(config, new KafkaAckPublisher(config.kafkaClientConfig(), config.get(DashboardConfig.ACKS_TOPIC)), Clock.systemUTC());
  }

  /** As {@link #start(DashboardConfig)} with the given acknowledgement publisher and clock. */
  public static Dashboard start(DashboardConfig config, AckPublisher acks, Clock clock) throws Exception {
    Dashboard d = new Dashboard(config, acks, clock);
    try {
      d.feedThread.start();
      d.server.start();
      return d;
    } catch (Exception e) {
      d.close();
      throw e;
    }
  }

  public URI url() {
    return server.url();
  }

  public int port() {
    return server.port();
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
    server.close();
    feed.close();
    try {
      feedThread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    acks.close();
  }
}
