package org.ecgstream.bridge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.ecgstream.bridge.acks.AlarmStatusListener;
import org.ecgstream.bridge.acks.KafkaAckSink;
import org.ecgstream.bridge.config.BridgeConfig.HostAndPort;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.bridge.config.TlsContexts;
import org.ecgstream.bridge.delivery.AlarmChannel;
import org.ecgstream.bridge.delivery.Pause;
import org.ecgstream.bridge.delivery.RecordDelivery;
import org.ecgstream.bridge.fhir.AlarmObservationMapper;
import org.ecgstream.bridge.fhir.FhirChannel;
import org.ecgstream.bridge.health.PeerReachability;
import org.ecgstream.bridge.hl7.Hl7Channel;
import org.ecgstream.bridge.hl7.MllpConnection;
import org.ecgstream.bridge.hl7.Pcd04MessageBuilder;
import org.ecgstream.bridge.kafka.AlertBridge;
import org.ecgstream.bridge.kafka.KafkaParkingLot;
import org.ecgstream.bridge.metrics.BridgeMetrics;
import org.ecgstream.observability.HealthStatus;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.ServiceMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge assembled from its configuration: the Kafka consumer and park-topic producer, the HL7
 * and/or FHIR channels of each lane (TLS as configured), running on its own thread until closed;
 * with {@code metrics.port} set, its /metrics and /health endpoint ({@link BridgeMetrics}, the
 * consumer's client metrics, {@code bridge.ready}, {@code bridge.partitions.assigned},
 * {@code bridge.records.in.flight}).
 */
public final class AlertBridgeRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertBridgeRuntime.class);

  private final KafkaParkingLot parking;
  private final AlertBridge bridge;
  private final KafkaAckSink ackSink;
  private final AlarmStatusListener statusListener;
  private final Thread thread;
  private final String alertsTopic;
  private final BridgeMetrics metrics;
  private final KafkaClientMetrics consumerMetrics;
  private final PeerReachability peers;
  private volatile MetricsEndpoint endpoint;

  private AlertBridgeRuntime(BridgeConfig config, PrometheusMeterRegistry registry) {
    this.alertsTopic = config.text(BridgeConfig.ALERTS_TOPIC);
    List<String> channelNames = new ArrayList<>();
    config.hl7().ifPresent(e -> channelNames.add("hl7"));
    config.fhir().ifPresent(u -> channelNames.add("fhir"));
    this.metrics = new BridgeMetrics(registry, channelNames);
    this.peers = PeerReachability.of(config);
    this.parking = new KafkaParkingLot(config.kafkaClientConfig(), config.text(BridgeConfig.PARKED_TOPIC));
    Pcd04MessageBuilder builder = new Pcd04MessageBuilder(config.pcd04Endpoints());
    SSLSocketFactory mllpTls = config.flag(BridgeConfig.HL7_TLS)
        ? TlsContexts.of(config.text(BridgeConfig.HL7_TRUSTSTORE), config.secret(BridgeConfig.HL7_TRUSTSTORE_PASSWORD),
            config.text(BridgeConfig.HL7_KEYSTORE), config.secret(BridgeConfig.HL7_KEYSTORE_PASSWORD)).getSocketFactory()
        : null;
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(config.millis(BridgeConfig.FHIR_TIMEOUT));
    if (!config.text(BridgeConfig.FHIR_TRUSTSTORE).isEmpty()) {
      http.sslContext(TlsContexts.of(config.text(BridgeConfig.FHIR_TRUSTSTORE),
          config.secret(BridgeConfig.FHIR_TRUSTSTORE_PASSWORD), "", Optional.empty()));
    }
    HttpClient httpClient = http.build();
    AlarmObservationMapper mapper = new AlarmObservationMapper(config.text(BridgeConfig.FHIR_PATIENT_SYSTEM),
        config.text(BridgeConfig.FHIR_DEVICE_SYSTEM));
    KafkaConsumer<String, byte[]> consumer = AlertBridge.consumer(config.kafkaClientConfig(), config.text(BridgeConfig.GROUP_ID));
    this.consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(registry);
    this.bridge = new AlertBridge(
        consumer,
        config.text(BridgeConfig.ALERTS_TOPIC),
        (int) config.number(BridgeConfig.LANES),
        (int) config.number(BridgeConfig.MAX_IN_FLIGHT),
        config.millis(BridgeConfig.DRAIN_TIMEOUT),
        lane -> {
          List<AlarmChannel> channels = new ArrayList<>();
          config.hl7().ifPresent(endpoint -> channels.add(hl7Channel(config, builder, endpoint, mllpTls)));
          config.fhir().ifPresent(base -> channels.add(new FhirChannel(base, httpClient, mapper,
              config.secret(BridgeConfig.FHIR_BEARER_TOKEN), config.millis(BridgeConfig.FHIR_TIMEOUT))));
          return new RecordDelivery(channels, config.retryPolicy(), parking, Pause.SLEEP, metrics);
        });
    this.thread = new Thread(bridge, "alert-bridge");
    if (config.hl7StatusPort().isPresent()) {
      this.ackSink = new KafkaAckSink(config.kafkaClientConfig(), config.text(BridgeConfig.ACKS_TOPIC));
      ServerSocketFactory sockets = config.flag(BridgeConfig.HL7_TLS)
          ? TlsContexts.of(config.text(BridgeConfig.HL7_TRUSTSTORE), config.secret(BridgeConfig.HL7_TRUSTSTORE_PASSWORD),
              config.text(BridgeConfig.HL7_KEYSTORE), config.secret(BridgeConfig.HL7_KEYSTORE_PASSWORD)).getServerSocketFactory()
          : ServerSocketFactory.getDefault();
      try {
        this.statusListener = new AlarmStatusListener(config.hl7StatusPort().getAsInt(), false, sockets, config.hl7StatusPeers(), ackSink);
      } catch (IOException e) {
        ackSink.close();
        throw new UncheckedIOException("cannot listen for alert status reports on port " + config.hl7StatusPort().getAsInt(), e);
      }
    } else {
      this.ackSink = null;
      this.statusListener = null;
    }
    Gauge.builder("bridge.ready", this, r -> r.readiness().up() ? 1 : 0)
        .description("1 while the bridge is ready: consuming with partitions assigned and its peers reachable").register(registry);
    Gauge.builder("bridge.partitions.assigned", bridge, AlertBridge::assignedPartitions)
        .description("Partitions of the alerts topic this bridge consumes").register(registry);
    Gauge.builder("bridge.records.in.flight", bridge, AlertBridge::inFlight)
        .description("Records consumed and not yet delivered or parked on every channel").register(registry);
    LOG.info("event=bridge_configured alerts={} parked={} hl7={} hl7Tls={} fhir={} lanes={} maxAttempts={}",
        config.text(BridgeConfig.ALERTS_TOPIC), config.text(BridgeConfig.PARKED_TOPIC),
        config.hl7().map(HostAndPort::toString).orElse("off"), mllpTls != null,
        config.fhir().map(Object::toString).orElse("off"), config.number(BridgeConfig.LANES), config.number(BridgeConfig.MAX_ATTEMPTS));
  }

  /** Builds the bridge from {@code config} and starts consuming (and serving metrics, if configured, from a registry of its own). */
  public static AlertBridgeRuntime start(BridgeConfig config) {
    return start(config, ServiceMeterRegistry.create("bridge"));
  }

  /** Builds the bridge from {@code config} with its meters on {@code registry} and starts consuming. */
  public static AlertBridgeRuntime start(BridgeConfig config, PrometheusMeterRegistry registry) {
    AlertBridgeRuntime runtime = new AlertBridgeRuntime(config, registry);
    try {
      // Before the consumer starts, so that probes see "not ready" while it joins the group.
      runtime.endpoint = MetricsEndpoint.startIfEnabled("bridge", config.metricsEndpoint(), registry,
          runtime::liveness, runtime::readiness).orElse(null);
    } catch (UncheckedIOException e) {
      runtime.thread.start(); // its loop sees the stop at once and closes the consumer and the lanes
      runtime.close();
      throw e;
    }
    runtime.thread.start();
    return runtime;
  }

  /**
   * Ready while the bridge consumes with at least one partition of the alerts topic assigned and
   * every peer (MLLP endpoint, FHIR server) accepts a TCP connection; otherwise down with which.
   */
  public HealthStatus readiness() {
    if (!bridge.isRunning()) {
      return HealthStatus.down("bridge stopped" + (bridge.failure() == null ? "" : " by an error: " + bridge.failure()));
    }
    int partitions = bridge.assignedPartitions();
    if (partitions == 0) {
      return HealthStatus.down("consumer has no partition of " + alertsTopic + " assigned (joining the group, or more bridges than partitions)");
    }
    HealthStatus reach = peers.check();
    return reach.up()
        ? HealthStatus.up(partitions + " partition(s) of " + alertsTopic + " assigned; " + reach.detail())
        : reach;
  }

  /** Alive until the bridge's consumer loop has stopped (by an error, or closed): then only a restart helps. */
  public HealthStatus liveness() {
    return bridge.isRunning() ? HealthStatus.up("consuming")
        : HealthStatus.down("bridge stopped" + (bridge.failure() == null ? "" : " by an error: " + bridge.failure()));
  }

  /** The delivery counters (for tests and the CLI's status). */
  public BridgeMetrics metrics() {
    return metrics;
  }

  /** The /metrics and /health endpoint, when metrics.port is set. */
  public Optional<MetricsEndpoint> metricsEndpoint() {
    return Optional.ofNullable(endpoint);
  }

  /** The port the status report listener is bound to, if it runs. */
  public OptionalInt statusListenerPort() {
    return statusListener == null ? OptionalInt.empty() : OptionalInt.of(statusListener.port());
  }

  /** Records consumed and not yet delivered or parked. */
  public int inFlight() {
    return bridge.inFlight();
  }

  private static Hl7Channel hl7Channel(BridgeConfig config, Pcd04MessageBuilder builder, HostAndPort endpoint, SSLSocketFactory tls) {
    return new Hl7Channel(builder, () -> new MllpConnection(endpoint.host(), endpoint.port(), tls,
        config.millis(BridgeConfig.HL7_CONNECT_TIMEOUT), config.millis(BridgeConfig.HL7_ACK_TIMEOUT)), Clock.systemUTC());
  }

  /**
   * Waits until the bridge stops, by {@link #close} or by itself; returns the failure that stopped
   * it, or null after a requested stop.
   */
  public RuntimeException awaitStop() throws InterruptedException {
    thread.join();
    return bridge.failure();
  }

  /** Stops consuming, lets lanes finish (up to the drain time-out), commits and closes the clients. */
  @Override
  public void close() {
    if (statusListener != null) {
      statusListener.close();
      ackSink.close();
    }
    bridge.close();
    parking.close();
    consumerMetrics.close();
    if (endpoint != null) {
      endpoint.close();
    }
  }
}
