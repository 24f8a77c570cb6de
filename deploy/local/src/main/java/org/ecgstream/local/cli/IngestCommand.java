package org.ecgstream.local.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.MetricsEndpointConfig;
import org.ecgstream.observability.ServiceMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg ingest}: the ingest service against a Kafka cluster. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Run the ingest service (Kafka Streams) against a Kafka cluster.",
    description = {
      "Reads ecg.raw and ecg.admissions, validates, de-duplicates, reorders and binds frames to patients,",
      "writes normalised patient-keyed frames to ecg.frames and everything it refuses to ecg.dlq with the",
      "reason, exactly once. Runs until Ctrl-C, then shuts down cleanly.",
      "",
      "--config FILE is a Java properties file: ingest.* keys (see stream-ingest/README.md) and any Kafka",
      "Streams, consumer or producer setting, passed to the clients unchanged, for example",
      "security.protocol=SASL_SSL, sasl.mechanism, sasl.jaas.config, ssl.truststore.location,",
      "num.standby.replicas, application.id.",
      "",
      "--metrics-port N (or ingest.metrics.port) serves GET /metrics (Prometheus), /health/live and",
      "/health/ready (200 only while Kafka Streams is RUNNING, else 503 with the state) on port N."
    })
final class IngestCommand implements Callable<Integer> {

  /** The ingest app's keys all start with this; its endpoint's keys too (ingest.metrics.port). */
  static final String INGEST_PREFIX = "ingest.";

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT.")
  String bootstrap;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file: ingest.* settings and Kafka client settings (TLS, SASL, ...), passed through.")
  Path configFile;

  @Option(names = "--state-dir", description = "Kafka Streams state directory (default: a temporary directory).")
  Path stateDir;

  @Option(names = "--status-every", defaultValue = "30s", converter = DurationConverter.class,
      description = "How often to print the record accounting (default: ${DEFAULT-VALUE}).")
  Duration statusEvery;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve /metrics, /health/live and /health/ready on this port (0: any free port; default: key "
          + INGEST_PREFIX + MetricsEndpointConfig.PORT_KEY + ", else no endpoint). Bind address: key "
          + INGEST_PREFIX + MetricsEndpointConfig.BIND_ADDRESS_KEY + " (default 0.0.0.0).")
  Integer metricsPort;

  @Option(names = "--verbose", description = "Show Kafka's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    Map<String, Object> properties;
    MetricsEndpointConfig endpointConfig;
    try {
      properties = configFile == null ? new LinkedHashMap<>() : load(configFile);
      if (metricsPort != null) {
        properties.put(INGEST_PREFIX + MetricsEndpointConfig.PORT_KEY, metricsPort.toString());
      }
      IngestConfig.from(properties); // refuse a bad configuration before connecting
      endpointConfig = MetricsEndpointConfig.from(properties, INGEST_PREFIX);
    } catch (IOException | IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Path dir = stateDir != null ? stateDir : Files.createTempDirectory("ecg-ingest-");
    PrometheusMeterRegistry registry = ServiceMeterRegistry.create("ingest");
    IngestApp app = new IngestApp(bootstrap, dir, properties, registry);
    // Up before the app starts, so that probes see "not ready" while it joins the group and restores.
    MetricsEndpoint endpoint;
    try {
      endpoint = MetricsEndpoint.startIfEnabled("ingest", endpointConfig, registry, app::liveness, app::readiness).orElse(null);
    } catch (java.io.UncheckedIOException e) {
      app.close();
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    if (endpoint != null) {
      System.out.println("ingest: metrics and health on " + endpoint.baseUri() + "/metrics, /health/ready, /health/live");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      if (endpoint != null) {
        endpoint.close();
      }
      stopped.countDown();
    }, "ingest-stop"));
    app.start();
    app.awaitRunning(Duration.ofMinutes(2));
    System.out.println("ingest: running against " + bootstrap + " (state in " + dir + "); Ctrl-C to stop");
    while (!stopped.await(statusEvery.toMillis(), TimeUnit.MILLISECONDS)) {
      IngestMetrics m = app.metrics();
      System.out.printf("ingest: %s, %d records in, %d frames out, %d dead-lettered, %d duplicates dropped, lag %.0f%n",
          app.state(), m.recordsIn(), m.framesOut(), m.deadLetters(), m.duplicatesDropped(), app.inputLagRecords());
    }
    return 0;
  }

  static Map<String, Object> load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("ingest config " + file + " does not exist or is not a file");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IOException("cannot read ingest config " + file + ": " + e.getMessage(), e);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return map;
  }
}
