package org.ecgstream.bridge.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ecgstream.bridge.delivery.DeliveryEvents;
import org.ecgstream.bridge.delivery.RecordDelivery;

/**
 * The bridge's delivery accounting on Micrometer, per channel ({@code hl7}, {@code fhir}, and
 * {@code decode} for parked records that were no alarm): state changes delivered, attempts retried,
 * state changes parked, and the delivery latency from the first attempt to the receiver's
 * acceptance (back-offs included). Meter names are stable keys for dashboards
 * (deploy/grafana/ecg-stream.json).
 */
public final class BridgeMetrics implements DeliveryEvents {

  public static final String DELIVERED = "bridge.alarms.delivered";
  public static final String RETRIED = "bridge.delivery.retries";
  public static final String PARKED = "bridge.alarms.parked";
  public static final String LATENCY = "bridge.delivery.latency";
  public static final String CHANNEL_TAG = "channel";

  private final MeterRegistry registry;
  private final Map<String, Counter> delivered = new ConcurrentHashMap<>();
  private final Map<String, Counter> retried = new ConcurrentHashMap<>();
  private final Map<String, Counter> parked = new ConcurrentHashMap<>();
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();

  /** Registers the meters of {@code channels} (and of undecodable records) at once, so they scrape as 0 before any traffic. */
  public BridgeMetrics(MeterRegistry registry, Collection<String> channels) {
    this.registry = registry;
    for (String channel : channels) {
      deliveredCounter(channel);
      retriedCounter(channel);
      parkedCounter(channel);
      latency(channel);
    }
    parkedCounter(RecordDelivery.UNDECODABLE);
  }

  @Override
  public void delivered(String channel, Duration sinceFirstAttempt) {
    deliveredCounter(channel).increment();
    latency(channel).record(sinceFirstAttempt);
  }

  @Override
  public void retried(String channel) {
    retriedCounter(channel).increment();
  }

  @Override
  public void parked(String channel) {
    parkedCounter(channel).increment();
  }

  public double deliveredCount(String channel) {
    return deliveredCounter(channel).count();
  }

  public double parkedCount(String channel) {
    return parkedCounter(channel).count();
  }

  private Counter deliveredCounter(String channel) {
    return delivered.computeIfAbsent(channel, c -> Counter.builder(DELIVERED).tag(CHANNEL_TAG, c)
        .description("Alarm state changes the receiver took (HL7 AA/CA, HTTP 2xx)").register(registry));
  }

  private Counter retriedCounter(String channel) {
    return retried.computeIfAbsent(channel, c -> Counter.builder(RETRIED).tag(CHANNEL_TAG, c)
        .description("Delivery attempts that failed and are tried again after a back-off").register(registry));
  }

  private Counter parkedCounter(String channel) {
    return parked.computeIfAbsent(channel, c -> Counter.builder(PARKED).tag(CHANNEL_TAG, c)
        .description("Alarm state changes parked on the park topic with a reason").register(registry));
  }

  private Timer latency(String channel) {
    return latency.computeIfAbsent(channel, c -> Timer.builder(LATENCY).tag(CHANNEL_TAG, c)
        .description("From the first delivery attempt of a state change to its acceptance, back-offs included")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry));
  }
}
