package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.ingest.IngestTopics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg ingest}: the ingest service against a Kafka cluster. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    header = "Run the ingest service (Kafka Streams) against a Kafka cluster.",
    description = {
      "Reads ecg.raw and ecg.admissions, writes patient-keyed frames to ecg.frames and everything it",
      "cannot read or bind to ecg.dlq with the reason, exactly once. Runs until Ctrl-C."
    })
final class IngestCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT.")
  String bootstrap;

  @Option(names = "--state-dir", description = "Kafka Streams state directory (default: a temporary directory).")
  Path stateDir;

  @Option(names = "--verbose", description = "Show Kafka's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    Path dir = stateDir != null ? stateDir : Files.createTempDirectory("ecg-ingest-");
    IngestApp app = new IngestApp(bootstrap, IngestTopics.defaults(), dir, Map.of());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "ingest-stop"));
    app.start();
    app.awaitRunning(Duration.ofMinutes(2));
    System.out.println("ingest: running against " + bootstrap + " (state in " + dir + "); Ctrl-C to stop");
    stopped.await();
    return 0;
  }
}
