package org.ecgstream.dashboard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.ecgstream.core.secrets.SecretReference;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.auth.oidc.OidcSettings;
import org.ecgstream.observability.MetricsEndpointConfig;

/**
 * The dashboard's configuration: every key declared once below with its default and meaning
 * (dashboard/README.md lists them), read from a properties file plus overrides, and validated at
 * start-up with one message naming every bad key.
 */
public final class DashboardConfig {

  public static final ConfigKey BOOTSTRAP = key("kafka.bootstrap", "", "Kafka bootstrap servers, HOST:PORT[,HOST:PORT]. Required.");
  public static final ConfigKey FRAMES_TOPIC = key("topic.frames", EcgTopics.FRAMES.name(), "Normalised frames (waveforms).");
  public static final ConfigKey ALERTS_TOPIC = key("topic.alerts", EcgTopics.ALERTS.name(), "Alarm state changes, read read_committed.");
  public static final ConfigKey LABELS_TOPIC = key("topic.labels", EcgTopics.LABELS.name(), "Zero-shot labels.");
  public static final ConfigKey VITALS_TOPIC = key("topic.vitals", EcgTopics.VITALS.name(), "Running heart rate per patient from the alarm job, read read_committed.");
  public static final ConfigKey MODELS_TOPIC = key("topic.models", EcgTopics.MODELS.name(), "Model versions per stage.");
  public static final ConfigKey ACKS_TOPIC = key("topic.acks", EcgTopics.ACKS.name(), "Where acknowledgements go.");
  public static final ConfigKey HOST = key("http.host", "127.0.0.1", "Address to listen on; 0.0.0.0 for every interface.");
  public static final ConfigKey PORT = key("http.port", "8080", "Port to listen on; 0 for any free port.");
  public static final ConfigKey PUBLIC_ORIGIN = key("http.public-origin", "",
      "Origin browsers see (https://ward.example.org) when behind a proxy; acknowledgements from any other Origin are refused. Empty: the request's own scheme and Host.");
  public static final ConfigKey TLS_KEYSTORE = key("tls.keystore", "", "PKCS12 key store with the server certificate; set it to serve HTTPS only.");
  public static final ConfigKey TLS_KEYSTORE_PASSWORD = key("tls.keystore-password", "", "Key store password by reference: env:NAME or file:PATH.");
  public static final ConfigKey SESSION_IDLE = key("session.idle-timeout-ms", "1800000", "A session unused this long ends (open streams do not count as use).");
  public static final ConfigKey SESSION_ABSOLUTE = key("session.absolute-timeout-ms", "43200000", "A session ends this long after sign-in however active (default 12 h, one shift).");
  public static final ConfigKey SIGNIN_MAX_FAILURES = key("signin.max-failures", "5", "Failed sign-ins per user name, and per client address, before further attempts are refused.");
  public static final ConfigKey SIGNIN_WINDOW = key("signin.failure-window-ms", "900000", "Window in which failures count; attempts resume when the oldest leaves it.");
  public static final ConfigKey CLIENT_QUEUE = key("stream.client-queue-events", "64", "Events queued per browser before it is dropped (it reconnects and resyncs).");
  public static final ConfigKey TICK = key("stream.tick-ms", "250", "Waveforms are pushed in batches this often.");
  public static final ConfigKey WARD_RATE = key("waveform.ward-rate-hz", "125", "Lead II samples per second in the ward view.");
  public static final ConfigKey BED_RATE = key("waveform.bed-rate-hz", "250", "Samples per second per lead on a bed's page.");
  public static final ConfigKey ALERTS_LOOKBACK = key("alerts.lookback-ms", "86400000", "On start, alarm state changes this far back are read to rebuild the active alarms.");
  public static final ConfigKey LABELS_LOOKBACK = key("labels.lookback-ms", "3600000", "On start, labels this far back are read.");
  public static final ConfigKey VITALS_STALE_AFTER = key("vitals.stale-after-ms", "10000",
      "A bed's heart rate shows as stale (--) when no vitals came for this long (the job sends them every 2 s); also how far back they are read on start.");
  public static final ConfigKey USERS_FILE = key("users.file", "",
      "Properties file with more user.NAME=HASH lines (for example mounted from a Kubernetes Secret); only user.* keys allowed in it.");
  public static final ConfigKey METRICS_PORT = key("metrics.port", "",
      "Port of /metrics (Prometheus), /health/live and /health/ready, apart from the signed-in pages (--metrics-port); 0: any free port; empty: no endpoint.");
  public static final ConfigKey METRICS_BIND_ADDRESS = key("metrics.bind-address", "0.0.0.0", "Address the metrics and health endpoint listens on.");
  public static final ConfigKey METRICS_ENABLED = key("metrics.enabled", "true", "false: no metrics endpoint even with metrics.port set.");

  public static final ConfigKey OIDC_ISSUER = key("oidc.issuer", "", "OpenID Connect provider (issuer URL, https); empty: no single sign-on.");
  public static final ConfigKey OIDC_CLIENT_ID = key("oidc.client-id", "", "This dashboard's client id at the provider.");
  public static final ConfigKey OIDC_CLIENT_SECRET = key("oidc.client-secret", "", "Client secret by reference: env:NAME or file:PATH.");
  public static final ConfigKey OIDC_USERNAME_CLAIM = key("oidc.username-claim", "preferred_username", "ID-token claim recorded as the user (acknowledgedBy).");
  public static final ConfigKey OIDC_SCOPES = key("oidc.scopes", "openid profile", "Scopes asked for; must include openid.");

  /** Every key, in documentation order. */
  public static final List<ConfigKey> KEYS = List.of(BOOTSTRAP, FRAMES_TOPIC, ALERTS_TOPIC, LABELS_TOPIC, VITALS_TOPIC,
      MODELS_TOPIC, ACKS_TOPIC, HOST, PORT, PUBLIC_ORIGIN, TLS_KEYSTORE, TLS_KEYSTORE_PASSWORD, SESSION_IDLE, SESSION_ABSOLUTE,
      SIGNIN_MAX_FAILURES, SIGNIN_WINDOW, CLIENT_QUEUE, TICK, WARD_RATE, BED_RATE, ALERTS_LOOKBACK, LABELS_LOOKBACK,
      VITALS_STALE_AFTER, USERS_FILE, METRICS_PORT, METRICS_BIND_ADDRESS, METRICS_ENABLED, OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_USERNAME_CLAIM, OIDC_SCOPES);

  /** {@code user.NAME=HASH}: one line per user who may sign in (hash from {@code ./ecg dashboard --hash-password}). */
  public static final String USER_PREFIX = "user.";
  /** Keys with this prefix go to the Kafka clients without it (security.protocol, sasl.*, ssl.*). */
  public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

  private final Map<String, String> values;
  private final Map<String, String> users;

  private DashboardConfig(Map<String, String> values, Map<String, String> users) {
    this.values = values;
    this.users = users;
  }

  /** Reads a properties file, applies overrides (from flags) and validates. */
  public static DashboardConfig load(Path file, Map<String, String> overrides) {
    Properties props = new Properties();
    if (file != null) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read dashboard config " + file + ": " + e.getMessage(), e);
      }
    }
    Map<String, String> all = new HashMap<>();
    props.stringPropertyNames().forEach(k -> all.put(k, props.getProperty(k).strip()));
    all.putAll(overrides);
    return of(all);
  }

  /** Validates the given values (defaults fill the rest); one exception names every problem. */
  public static DashboardConfig of(Map<String, String> given) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> users = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ConfigKey k : KEYS) {
      values.put(k.name(), given.getOrDefault(k.name(), k.defaultValue()));
    }
    Map<String, String> withUsersFile = new HashMap<>(given);
    String usersFile = values.get(USERS_FILE.name());
    if (!usersFile.isEmpty()) {
      Properties fileUsers = new Properties();
      try (Reader in = Files.newBufferedReader(Path.of(usersFile), StandardCharsets.UTF_8)) {
        fileUsers.load(in);
        for (String k : fileUsers.stringPropertyNames()) {
          if (!k.startsWith(USER_PREFIX)) {
            problems.add(USERS_FILE.name() + " " + usersFile + ": " + k + " is not a user.NAME line (put other keys in the config file)");
          } else if (given.containsKey(k)) {
            problems.add(USERS_FILE.name() + " " + usersFile + ": " + k + " is also in the config; keep each user in one place");
          } else {
            withUsersFile.put(k, fileUsers.getProperty(k).strip());
          }
        }
      } catch (IOException e) {
        problems.add(USERS_FILE.name() + ": cannot read " + usersFile + " (" + e.getMessage() + ")");
      }
    }
    withUsersFile.forEach((k, v) -> {
      if (k.startsWith(USER_PREFIX)) {
        String user = k.substring(USER_PREFIX.length());
        try {
          PasswordHasher.validate(v);
          users.put(user, v);
        } catch (IllegalArgumentException e) {
          problems.add(k + ": " + e.getMessage());
        }
      } else if (!k.startsWith(KAFKA_CLIENT_PREFIX) && KEYS.stream().noneMatch(key -> key.name().equals(k))) {
        problems.add(k + ": unknown key (see dashboard/README.md for the keys)");
      }
    });
    if (values.get(BOOTSTRAP.name()).isEmpty()) {
      problems.add(BOOTSTRAP.name() + ": required (HOST:PORT of the Kafka cluster)");
    }
    for (ConfigKey k : List.of(PORT, SESSION_IDLE, SESSION_ABSOLUTE, SIGNIN_MAX_FAILURES, SIGNIN_WINDOW, CLIENT_QUEUE, TICK,
        WARD_RATE, BED_RATE, ALERTS_LOOKBACK, LABELS_LOOKBACK, VITALS_STALE_AFTER)) {
      try {
        long v = Long.parseLong(values.get(k.name()));
        if (v < 0 || (v == 0 && k != PORT) || (k == PORT && v > 65535)) {
          problems.add(k.name() + ": " + v + " is out of range");
        }
      } catch (NumberFormatException e) {
        problems.add(k.name() + ": '" + values.get(k.name()) + "' is not a whole number");
      }
    }
    if (!values.get(TLS_KEYSTORE.name()).isEmpty()) {
      if (!Files.isRegularFile(Path.of(values.get(TLS_KEYSTORE.name())))) {
        problems.add(TLS_KEYSTORE.name() + ": no file " + values.get(TLS_KEYSTORE.name()));
      }
      String ref = values.get(TLS_KEYSTORE_PASSWORD.name());
      if (!ref.startsWith("env:") && !ref.startsWith("file:")) {
        problems.add(TLS_KEYSTORE_PASSWORD.name() + ": give the password by reference, env:NAME or file:PATH");
      }
    }
    String origin = values.get(PUBLIC_ORIGIN.name());
    if (!origin.isEmpty() && !origin.matches("https?://[^/]+")) {
      problems.add(PUBLIC_ORIGIN.name() + ": '" + origin + "' is not an origin like https://ward.example.org (no path)");
    }
    try {
      metricsEndpoint(values);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    boolean oidc = !values.get(OIDC_ISSUER.name()).isEmpty();
    if (oidc) {
      if (values.get(OIDC_CLIENT_ID.name()).isEmpty()) {
        problems.add(OIDC_CLIENT_ID.name() + ": required with " + OIDC_ISSUER.name());
      }
      String ref = values.get(OIDC_CLIENT_SECRET.name());
      if (!ref.startsWith("env:") && !ref.startsWith("file:")) {
        problems.add(OIDC_CLIENT_SECRET.name() + ": give the secret by reference, env:NAME or file:PATH");
      }
      if (!values.get(OIDC_ISSUER.name()).matches("https?://.+")) {
        problems.add(OIDC_ISSUER.name() + ": '" + values.get(OIDC_ISSUER.name()) + "' is not a URL");
      }
    }
    if (problems.isEmpty() && users.isEmpty() && !oidc) {
      problems.add("no users: add user.NAME=HASH lines (hash from ./ecg dashboard --hash-password) or configure oidc.issuer");
    }
    if (problems.isEmpty() && Long.parseLong(values.get(SESSION_ABSOLUTE.name())) < Long.parseLong(values.get(SESSION_IDLE.name()))) {
      problems.add(SESSION_ABSOLUTE.name() + " must not be shorter than " + SESSION_IDLE.name());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("configuration: " + String.join("; ", problems));
    }
    Map<String, String> kafka = new LinkedHashMap<>();
    given.forEach((k, v) -> {
      if (k.startsWith(KAFKA_CLIENT_PREFIX)) {
        kafka.put(k, v);
      }
    });
    values.putAll(kafka);
    return new DashboardConfig(values, users);
  }

  public String get(ConfigKey key) {
    return values.get(key.name());
  }

  public int intValue(ConfigKey key) {
    return Integer.parseInt(get(key));
  }

  public Duration millis(ConfigKey key) {
    return Duration.ofMillis(Long.parseLong(get(key)));
  }

  /** Where to serve /metrics and /health (disabled without metrics.port or with metrics.enabled=false). */
  public MetricsEndpointConfig metricsEndpoint() {
    return metricsEndpoint(values);
  }

  private static MetricsEndpointConfig metricsEndpoint(Map<String, String> values) {
    Map<String, String> keys = new HashMap<>();
    keys.put(MetricsEndpointConfig.PORT_KEY, values.get(METRICS_PORT.name()));
    keys.put(MetricsEndpointConfig.BIND_ADDRESS_KEY, values.get(METRICS_BIND_ADDRESS.name()));
    if (!values.get(METRICS_PORT.name()).isEmpty() || !values.get(METRICS_ENABLED.name()).equals("true")) {
      keys.put(MetricsEndpointConfig.ENABLED_KEY, values.get(METRICS_ENABLED.name()));
    }
    return MetricsEndpointConfig.from(keys, "");
  }

  /** User name to password hash. */
  public Map<String, String> users() {
    return users;
  }

  /** Kafka client settings: bootstrap plus every {@code kafka.client.*} key without its prefix. */
  public Map<String, Object> kafkaClientConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", get(BOOTSTRAP));
    values.forEach((k, v) -> {
      if (k.startsWith(KAFKA_CLIENT_PREFIX)) {
        config.put(k.substring(KAFKA_CLIENT_PREFIX.length()), v);
      }
    });
    return config;
  }

  /** The key store and its password, when TLS is configured. */
  public Optional<Tls> tls() {
    String store = get(TLS_KEYSTORE);
    return store.isEmpty() ? Optional.empty() : Optional.of(new Tls(Path.of(store), get(TLS_KEYSTORE_PASSWORD)));
  }

  /** TLS settings; the password is a reference, resolved only when the server starts. */
  public record Tls(Path keystore, String passwordReference) {
    public char[] password() {
      return SecretReference.parse(TLS_KEYSTORE_PASSWORD.name(), passwordReference).resolve();
    }
  }

  /** OpenID Connect settings with the client secret resolved, when an issuer is configured. */
  public Optional<OidcSettings> oidc() {
    if (get(OIDC_ISSUER).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new OidcSettings(java.net.URI.create(get(OIDC_ISSUER)), get(OIDC_CLIENT_ID),
        SecretReference.parse(OIDC_CLIENT_SECRET.name(), get(OIDC_CLIENT_SECRET)).resolve(), get(OIDC_USERNAME_CLAIM), get(OIDC_SCOPES)));
  }

  private static ConfigKey key(String name, String defaultValue, String description) {
    return new ConfigKey(name, defaultValue, description);
  }
}
