package org.ecgstream.bridge.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.ecgstream.bridge.delivery.RetryPolicy;
import org.ecgstream.bridge.hl7.Pcd04Endpoints;
import org.ecgstream.core.secrets.SecretReference;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.observability.MetricsEndpointConfig;

/**
 * The bridge's configuration: every key declared once below with its default and meaning (README's
 * table lists the same keys; a test checks it does), read from a properties file and command-line
 * overrides, and validated at start-up with one message naming every bad key.
 */
public final class BridgeConfig {

  public static final ConfigKey BOOTSTRAP = key("kafka.bootstrap", "", "Kafka bootstrap servers, HOST:PORT[,HOST:PORT]. Required.");
  public static final ConfigKey GROUP_ID = key("kafka.group-id", "ecg-alert-bridge", "Consumer group; its committed offsets are the bridge's progress.");
  public static final ConfigKey ALERTS_TOPIC = key("topic.alerts", EcgTopics.ALERTS.name(), "Topic of alarm state changes to deliver.");
  public static final ConfigKey PARKED_TOPIC = key("topic.parked", EcgTopics.ALERTS_PARKED.name(), "Topic for state changes that could not be delivered.");
  public static final ConfigKey ACKS_TOPIC = key("topic.acks", EcgTopics.ACKS.name(), "Topic for acknowledgements that come back from the HL7 side.");
  public static final ConfigKey LANES = key("delivery.lanes", "4", "Parallel delivery lanes; a patient always uses the same one.");
  public static final ConfigKey MAX_ATTEMPTS = key("delivery.max-attempts", "8", "Attempts per channel before a state change is parked.");
  public static final ConfigKey INITIAL_BACKOFF = key("delivery.initial-backoff-ms", "500", "Wait after the first failed attempt; doubles per attempt.");
  public static final ConfigKey MAX_BACKOFF = key("delivery.max-backoff-ms", "60000", "Longest wait between attempts.");
  public static final ConfigKey MAX_IN_FLIGHT = key("delivery.max-in-flight", "1000", "Records in delivery before the consumer pauses.");
  public static final ConfigKey DRAIN_TIMEOUT = key("delivery.drain-timeout-ms", "10000", "On stop, how long lanes may finish what they hold.");
  public static final ConfigKey HL7_ENDPOINT = key("hl7.endpoint", "", "Alert Manager's MLLP endpoint HOST:PORT; empty: no HL7 delivery.");
  public static final ConfigKey HL7_TLS = key("hl7.tls", "false", "MLLP over TLS (host name verified).");
  public static final ConfigKey HL7_TRUSTSTORE = key("hl7.tls.truststore", "", "PKCS12/JKS trust store for the Alert Manager's certificate; empty: the JVM's.");
  public static final ConfigKey HL7_TRUSTSTORE_PASSWORD = key("hl7.tls.truststore-password", "", "Trust store password by reference: env:NAME or file:PATH.");
  public static final ConfigKey HL7_KEYSTORE = key("hl7.tls.keystore", "", "PKCS12/JKS key store with the bridge's client certificate (mutual TLS); empty: none.");
  public static final ConfigKey HL7_KEYSTORE_PASSWORD = key("hl7.tls.keystore-password", "", "Key store password by reference: env:NAME or file:PATH.");
  public static final ConfigKey HL7_CONNECT_TIMEOUT = key("hl7.connect-timeout-ms", "5000", "MLLP connect time-out.");
  public static final ConfigKey HL7_ACK_TIMEOUT = key("hl7.ack-timeout-ms", "10000", "How long to wait for the acknowledgement of a message.");
  public static final ConfigKey HL7_SENDING_APPLICATION = key("hl7.sending-application", "ECG_STREAM", "MSH-3; also OBR-3-2 and PRT-10-2.");
  public static final ConfigKey HL7_SENDING_FACILITY = key("hl7.sending-facility", "ECG_STREAM", "MSH-4.");
  public static final ConfigKey HL7_RECEIVING_APPLICATION = key("hl7.receiving-application", "ALERT_MANAGER", "MSH-5.");
  public static final ConfigKey HL7_RECEIVING_FACILITY = key("hl7.receiving-facility", "HOSPITAL", "MSH-6.");
  public static final ConfigKey HL7_PATIENT_ID_AUTHORITY = key("hl7.patient-id-authority", "ECG_STREAM", "PID-3-4, the authority of patient ids.");
  public static final ConfigKey HL7_STATUS_PORT = key("hl7.status-listen-port", "", "Port for the Alert Manager's status reports (PCD-05 ORU^R41), whose acknowledgements go to topic.acks; empty: off. With hl7.tls: TLS with hl7.tls.keystore, client certificates checked against hl7.tls.truststore.");
  public static final ConfigKey HL7_STATUS_PEERS = key("hl7.status-allowed-peers", "", "IP addresses (comma-separated) the status listener serves besides loopback; others are refused.");
  public static final ConfigKey FHIR_URL = key("fhir.url", "", "FHIR R4 base URL (https://...); empty: no FHIR delivery.");
  public static final ConfigKey FHIR_BEARER_TOKEN = key("fhir.bearer-token", "", "OAuth bearer token by reference: env:NAME or file:PATH; empty: none.");
  public static final ConfigKey FHIR_TIMEOUT = key("fhir.timeout-ms", "10000", "Connect and request time-out.");
  public static final ConfigKey FHIR_TRUSTSTORE = key("fhir.tls.truststore", "", "PKCS12/JKS trust store for the FHIR server; empty: the JVM's.");
  public static final ConfigKey FHIR_TRUSTSTORE_PASSWORD = key("fhir.tls.truststore-password", "", "Trust store password by reference.");
  public static final ConfigKey FHIR_PATIENT_SYSTEM = key("fhir.patient-identifier-system", "urn:ecg-stream:patient", "Identifier system of patient ids in Observation.subject.");
  public static final ConfigKey METRICS_PORT = key("metrics.port", "", "Port of /metrics (Prometheus), /health/live and /health/ready (--metrics-port); 0: any free port; empty: no endpoint.");
  public static final ConfigKey METRICS_BIND_ADDRESS = key("metrics.bind-address", "0.0.0.0", "Address the metrics and health endpoint listens on.");
  public static final ConfigKey METRICS_ENABLED = key("metrics.enabled", "true", "false: no metrics endpoint even with metrics.port set.");
  public static final ConfigKey FHIR_DEVICE_SYSTEM = key("fhir.device-identifier-system", "urn:ecg-stream:detector", "Identifier system of detectors and models in Observation.device.");

  /** Every key, in documentation order. */
  public static final List<ConfigKey> KEYS = List.of(BOOTSTRAP, GROUP_ID, ALERTS_TOPIC, PARKED_TOPIC, ACKS_TOPIC, LANES,
      MAX_ATTEMPTS, INITIAL_BACKOFF, MAX_BACKOFF, MAX_IN_FLIGHT, DRAIN_TIMEOUT, HL7_ENDPOINT, HL7_TLS, HL7_TRUSTSTORE,
      HL7_TRUSTSTORE_PASSWORD, HL7_KEYSTORE, HL7_KEYSTORE_PASSWORD, HL7_CONNECT_TIMEOUT, HL7_ACK_TIMEOUT,
      HL7_SENDING_APPLICATION, HL7_SENDING_FACILITY, HL7_RECEIVING_APPLICATION, HL7_RECEIVING_FACILITY,
      HL7_PATIENT_ID_AUTHORITY, HL7_STATUS_PORT, HL7_STATUS_PEERS, FHIR_URL, FHIR_BEARER_TOKEN, FHIR_TIMEOUT, FHIR_TRUSTSTORE, FHIR_TRUSTSTORE_PASSWORD,
      FHIR_PATIENT_SYSTEM, FHIR_DEVICE_SYSTEM, METRICS_PORT, METRICS_BIND_ADDRESS, METRICS_ENABLED);

  /** Keys with this prefix go to the Kafka clients without it (security.protocol, sasl.*, ssl.*). */
  public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

  private final Map<String, String> values;

  private BridgeConfig(Map<String, String> values) {
    this.values = values;
  }

  /** The configuration from {@code file} (may be null) with {@code overrides} on top, validated. */
  public static BridgeConfig load(Path file, Map<String, String> overrides) {
    Properties props = new Properties();
    if (file != null) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("bridge config " + file + ": cannot read it (" + e.getMessage() + ")", e);
      }
    }
    Map<String, String> merged = new HashMap<>();
    props.stringPropertyNames().forEach(n -> merged.put(n, props.getProperty(n).trim()));
    overrides.forEach((k, v) -> {
      if (v != null) {
        merged.put(k, v.trim());
      }
    });
    return of(merged);
  }

  /** The configuration of {@code given} values over the defaults, validated. */
  public static BridgeConfig of(Map<String, String> given) {
    List<String> errors = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    List<String> known = KEYS.stream().map(ConfigKey::name).toList();
    given.keySet().stream().filter(k -> !known.contains(k) && !k.startsWith(KAFKA_CLIENT_PREFIX))
        .sorted().forEach(k -> errors.add(k + ": unknown key (see alert-bridge/README.md for the keys)"));
    for (ConfigKey key : KEYS) {
      values.put(key.name(), given.getOrDefault(key.name(), key.defaultValue()));
    }
    given.forEach((k, v) -> {
      if (k.startsWith(KAFKA_CLIENT_PREFIX)) {
        values.put(k, v);
      }
    });
    BridgeConfig config = new BridgeConfig(values);
    config.validate(errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("bridge configuration is not valid:\n  " + String.join("\n  ", errors));
    }
    return config;
  }

  private void validate(List<String> errors) {
    if (text(BOOTSTRAP).isEmpty()) {
      errors.add(BOOTSTRAP.name() + ": required (--bootstrap HOST:PORT)");
    }
    for (ConfigKey k : List.of(LANES, MAX_ATTEMPTS, INITIAL_BACKOFF, MAX_BACKOFF, MAX_IN_FLIGHT, DRAIN_TIMEOUT,
        HL7_CONNECT_TIMEOUT, HL7_ACK_TIMEOUT, FHIR_TIMEOUT)) {
      try {
        if (Long.parseLong(text(k)) < (k == INITIAL_BACKOFF ? 0 : 1)) {
          errors.add(k.name() + ": must be positive, was " + text(k));
        }
      } catch (NumberFormatException e) {
        errors.add(k.name() + ": not a whole number: '" + text(k) + "'");
      }
    }
    if (errors.isEmpty() && number(MAX_BACKOFF) < number(INITIAL_BACKOFF)) {
      errors.add(MAX_BACKOFF.name() + ": must not be below " + INITIAL_BACKOFF.name());
    }
    if (!text(HL7_TLS).equals("true") && !text(HL7_TLS).equals("false")) {
      errors.add(HL7_TLS.name() + ": true or false, was '" + text(HL7_TLS) + "'");
    }
    if (!text(HL7_ENDPOINT).isEmpty()) {
      try {
        hl7Endpoint();
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (!text(FHIR_URL).isEmpty()) {
      try {
        URI uri = URI.create(text(FHIR_URL));
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
          errors.add(FHIR_URL.name() + ": an http(s) URL, was '" + text(FHIR_URL) + "'");
        } else if ("http".equals(uri.getScheme()) && !text(FHIR_BEARER_TOKEN).isEmpty() && !isLoopback(uri.getHost())) {
          errors.add(FHIR_BEARER_TOKEN.name() + ": a token is sent over https only (" + FHIR_URL.name() + " is plain http)");
        }
      } catch (IllegalArgumentException e) {
        errors.add(FHIR_URL.name() + ": not a URL: " + e.getMessage());
      }
    }
    if (!text(HL7_STATUS_PORT).isEmpty()) {
      try {
        int port = Integer.parseInt(text(HL7_STATUS_PORT));
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        if (flag(HL7_TLS) && (text(HL7_KEYSTORE).isEmpty() || text(HL7_TRUSTSTORE).isEmpty())) {
          errors.add(HL7_STATUS_PORT.name() + ": with hl7.tls=true the listener needs its certificate in " + HL7_KEYSTORE.name()
              + " and the Alert Manager's (client authentication) in " + HL7_TRUSTSTORE.name());
        }
      } catch (NumberFormatException e) {
        errors.add(HL7_STATUS_PORT.name() + ": a port 0-65535, was '" + text(HL7_STATUS_PORT) + "'");
      }
    }
    try {
      metricsEndpoint();
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    if (text(HL7_ENDPOINT).isEmpty() && text(FHIR_URL).isEmpty()) {
      errors.add("no channel: set " + HL7_ENDPOINT.name() + " (--hl7) and/or " + FHIR_URL.name() + " (--fhir)");
    }
    for (ConfigKey k : List.of(HL7_TRUSTSTORE_PASSWORD, HL7_KEYSTORE_PASSWORD, FHIR_BEARER_TOKEN, FHIR_TRUSTSTORE_PASSWORD)) {
      try {
        secret(k);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
  }

  public String text(ConfigKey key) {
    return values.get(key.name());
  }

  public long number(ConfigKey key) {
    return Long.parseLong(text(key));
  }

  public Duration millis(ConfigKey key) {
    return Duration.ofMillis(number(key));
  }

  public boolean flag(ConfigKey key) {
    return Boolean.parseBoolean(text(key));
  }

  /** A credential reference, or empty when the key is not set. */
  public Optional<SecretReference> secret(ConfigKey key) {
    String v = text(key);
    return v.isEmpty() ? Optional.empty() : Optional.of(SecretReference.parse(key.name(), v));
  }

  /** Kafka client settings: the bootstrap servers plus any {@code kafka.client.*} pass-through keys (security, SASL). */
  public Map<String, Object> kafkaClientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", text(BOOTSTRAP));
    values.forEach((k, v) -> {
      if (k.startsWith(KAFKA_CLIENT_PREFIX)) {
        config.put(k.substring(KAFKA_CLIENT_PREFIX.length()), v);
      }
    });
    return config;
  }

  public RetryPolicy retryPolicy() {
    return new RetryPolicy((int) number(MAX_ATTEMPTS), millis(INITIAL_BACKOFF), millis(MAX_BACKOFF));
  }

  public Pcd04Endpoints pcd04Endpoints() {
    return new Pcd04Endpoints(text(HL7_SENDING_APPLICATION), text(HL7_SENDING_FACILITY), text(HL7_RECEIVING_APPLICATION),
        text(HL7_RECEIVING_FACILITY), text(HL7_PATIENT_ID_AUTHORITY));
  }

  /** Where to serve /metrics and /health (disabled without metrics.port or with metrics.enabled=false). */
  public MetricsEndpointConfig metricsEndpoint() {
    Map<String, String> keys = new HashMap<>();
    keys.put(MetricsEndpointConfig.PORT_KEY, text(METRICS_PORT));
    keys.put(MetricsEndpointConfig.BIND_ADDRESS_KEY, text(METRICS_BIND_ADDRESS));
    if (!text(METRICS_PORT).isEmpty() || !text(METRICS_ENABLED).equals("true")) {
      keys.put(MetricsEndpointConfig.ENABLED_KEY, text(METRICS_ENABLED));
    }
    return MetricsEndpointConfig.from(keys, "");
  }

  /** The MLLP endpoint, if HL7 delivery is on. */
  public Optional<HostAndPort> hl7() {
    return text(HL7_ENDPOINT).isEmpty() ? Optional.empty() : Optional.of(hl7Endpoint());
  }

  /** The port of the status report listener, if it is on. */
  public OptionalInt hl7StatusPort() {
    return text(HL7_STATUS_PORT).isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(text(HL7_STATUS_PORT)));
  }

  /** The peer addresses the status listener serves besides loopback. */
  public Set<String> hl7StatusPeers() {
    return Arrays.stream(text(HL7_STATUS_PEERS).split(",")).map(String::trim).filter(p -> !p.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The FHIR base URL without a trailing slash, if FHIR delivery is on. */
  public Optional<URI> fhir() {
    String url = text(FHIR_URL);
    return url.isEmpty() ? Optional.empty() : Optional.of(URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url));
  }

  private HostAndPort hl7Endpoint() {
    return HostAndPort.parse(HL7_ENDPOINT.name(), text(HL7_ENDPOINT));
  }

  /** A TCP endpoint. */
  public record HostAndPort(String host, int port) {
    static HostAndPort parse(String key, String text) {
      int colon = text.lastIndexOf(':');
      try {
        int port = Integer.parseInt(text.substring(colon + 1));
        if (colon < 1 || port < 1 || port > 65535) {
          throw new NumberFormatException();
        }
        return new HostAndPort(text.substring(0, colon), port);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(key + ": HOST:PORT with a port 1-65535, was '" + text + "'");
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  private static boolean isLoopback(String host) {
    return "localhost".equals(host) || (host != null && (host.startsWith("127.") || host.equals("[::1]")));
  }

  private static ConfigKey key(String name, String defaultValue, String description) {
    return new ConfigKey(name, defaultValue, description);
  }
}
