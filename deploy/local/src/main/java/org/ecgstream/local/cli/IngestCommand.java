package org.ecgstream.local.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
      "num.standby.replicas, application.id."
    })
final class IngestCommand implements Callable<Integer> {

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

  @Option(names = "--verbose", description = "Show Kafka's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    Map<String, Object> properties;
    try {
      properties = configFile == null ? Map.of() : load(configFile);
      IngestConfig.from(properties); // refuse a bad configuration before connecting
    } catch (IOException | IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Path dir = stateDir != null ? stateDir : Files.createTempDirectory("ecg-ingest-");
    IngestApp app = new IngestApp(bootstrap, dir, properties, new SimpleMeterRegistry());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
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
