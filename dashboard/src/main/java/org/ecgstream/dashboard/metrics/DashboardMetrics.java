package org.ecgstream.dashboard.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.ecgstream.dashboard.kafka.WardFeed;
import org.ecgstream.dashboard.push.EventHub;

/**
 * The dashboard's meters, named once here (dashboard/README.md and deploy/grafana/ecg-stream.json
 * use these names; Prometheus adds {@code _total} to counters): browsers connected, events pushed,
 * browsers dropped for a full queue, sign-ins by outcome, acknowledgements by outcome, and the
 * feed's records read. The hub and the feed keep their own counts; they are read at scrape time.
 */
public final class DashboardMetrics {

  public static final String CLIENTS_CONNECTED = "dashboard.clients.connected";
  public static final String EVENTS_PUSHED = "dashboard.events.pushed";
  public static final String EVENTS_REFUSED = "dashboard.events.refused";
  public static final String CLIENTS_DROPPED = "dashboard.clients.dropped";
  public static final String SIGN_INS = "dashboard.sign.ins";
  public static final String ACKS = "dashboard.acks";
  public static final String FEED_RECORDS = "dashboard.feed.records";
  public static final String FEED_UNDECODABLE = "dashboard.feed.records.undecodable";
  public static final String FEED_PARTITIONS = "dashboard.feed.partitions";

  /** How a sign-in attempt ended (password or single sign-on). */
  public enum SignIn {
    OK, REFUSED, THROTTLED;

    String tag() {
      return name().toLowerCase();
    }
  }

  /** How an acknowledge request ended: sent to the acks topic, refused (CSRF/Origin or no such active alarm), failed to send. */
  public enum Ack {
    SENT, REFUSED, FAILED;

    String tag() {
      return name().toLowerCase();
    }
  }

  private final MeterRegistry registry;
  private final Map<SignIn, Counter> signIns = new EnumMap<>(SignIn.class);
  private final Map<Ack, Counter> acks = new EnumMap<>(Ack.class);

  public DashboardMetrics(MeterRegistry registry) {
    this.registry = registry;
    // Registered up front so every outcome is on the first scrape at 0 (rate() and the Grafana panels need the series).
    for (SignIn o : SignIn.values()) {
      signIns.put(o, Counter.builder(SIGN_INS).description("Sign-in attempts by outcome (ok, refused: wrong credentials or failed single sign-on, throttled: refused unchecked after too many failures)")
          .tag("outcome", o.tag()).register(registry));
    }
    for (Ack o : Ack.values()) {
      acks.put(o, Counter.builder(ACKS).description("Acknowledge requests by outcome (sent to the acks topic, refused, failed to send)")
          .tag("outcome", o.tag()).register(registry));
    }
  }

  /** Meters that count nowhere visible: for a dashboard started without a registry (tests, the bench). */
  public static DashboardMetrics unpublished() {
    return new DashboardMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void signIn(SignIn outcome) {
    signIns.get(outcome).increment();
  }

  public void ack(Ack outcome) {
    acks.get(outcome).increment();
  }

  /** Reads the hub's counts at scrape time. */
  public void bind(EventHub hub) {
    Gauge.builder(CLIENTS_CONNECTED, hub, EventHub::clientCount).description("Browsers with an open event stream").register(registry);
    FunctionCounter.builder(EVENTS_PUSHED, hub, EventHub::eventsWritten).description("Events queued for writing to browsers").register(registry);
    FunctionCounter.builder(EVENTS_REFUSED, hub, EventHub::eventsRefused)
        .description("Events not delivered because their browser was being dropped or had gone").register(registry);
    FunctionCounter.builder(CLIENTS_DROPPED, hub, EventHub::clientsDropped).description("Browsers dropped for not keeping up (their queue was full)")
        .tag("reason", "queue_full").register(registry);
  }

  /** Reads the feed's counts at scrape time (its consumer's lag comes from Kafka's own client metrics, bound beside). */
  public void bind(WardFeed feed) {
    FunctionCounter.builder(FEED_RECORDS, feed, WardFeed::recordsRead).description("Records read from the frames, alerts, labels and models topics").register(registry);
    FunctionCounter.builder(FEED_UNDECODABLE, feed, WardFeed::recordsUndecodable).description("Records skipped because they could not be decoded").register(registry);
    Gauge.builder(FEED_PARTITIONS, feed, WardFeed::assignedPartitions).description("Partitions the feed reads (0 until the topics exist)").register(registry);
  }
}
