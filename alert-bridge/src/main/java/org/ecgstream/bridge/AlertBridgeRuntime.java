package org.ecgstream.bridge;

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
import org.ecgstream.bridge.hl7.Hl7Channel;
import org.ecgstream.bridge.hl7.MllpConnection;
import org.ecgstream.bridge.hl7.Pcd04MessageBuilder;
import org.ecgstream.bridge.kafka.AlertBridge;
import org.ecgstream.bridge.kafka.KafkaParkingLot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge assembled from its configuration: the Kafka consumer and park-topic producer, the HL7
 * and/or FHIR channels of each lane (TLS as configured), running on its own thread until closed.
 */
public final class AlertBridgeRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertBridgeRuntime.class);

  private final KafkaParkingLot parking;
  private final AlertBridge bridge;
  private final KafkaAckSink ackSink;
  private final AlarmStatusListener statusListener;
  private final Thread thread;

  private AlertBridgeRuntime(BridgeConfig config) {
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
    this.bridge = new AlertBridge(
        AlertBridge.consumer(config.kafkaClientConfig(), config.text(BridgeConfig.GROUP_ID)),
        config.text(BridgeConfig.ALERTS_TOPIC),
        (int) config.number(BridgeConfig.LANES),
        (int) config.number(BridgeConfig.MAX_IN_FLIGHT),
        config.millis(BridgeConfig.DRAIN_TIMEOUT),
        lane -> {
          List<AlarmChannel> channels = new ArrayList<>();
          config.hl7().ifPresent(endpoint -> channels.add(hl7Channel(config, builder, endpoint, mllpTls)));
          config.fhir().ifPresent(base -> channels.add(new FhirChannel(base, httpClient, mapper,
              config.secret(BridgeConfig.FHIR_BEARER_TOKEN), config.millis(BridgeConfig.FHIR_TIMEOUT))));
          return new RecordDelivery(channels, config.retryPolicy(), parking, Pause.SLEEP);
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
    LOG.info("event=bridge_configured alerts={} parked={} hl7={} hl7Tls={} fhir={} lanes={} maxAttempts={}",
        config.text(BridgeConfig.ALERTS_TOPIC), config.text(BridgeConfig.PARKED_TOPIC),
        config.hl7().map(HostAndPort::toString).orElse("off"), mllpTls != null,
        config.fhir().map(Object::toString).orElse("off"), config.number(BridgeConfig.LANES), config.number(BridgeConfig.MAX_ATTEMPTS));
  }

  /** Builds the bridge from {@code config} and starts consuming. */
  public static AlertBridgeRuntime start(BridgeConfig config) {
    AlertBridgeRuntime runtime = new AlertBridgeRuntime(config);
    runtime.thread.start();
    return runtime;
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
  }
}
