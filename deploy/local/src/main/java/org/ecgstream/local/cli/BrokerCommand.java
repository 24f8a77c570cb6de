package org.ecgstream.local.cli;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg broker}: just the embedded Kafka broker, for working against it from other terminals. */
@Command(
    name = "broker",
    header = "Run just the embedded Kafka broker (KRaft) for other terminals.",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a real Kafka broker (KRaft mode, in this process) with the system's topics created,",
      "prints its bootstrap address and runs until Ctrl-C."
    })
final class BrokerCommand implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", description = "Keep the broker's log here across restarts (default: a temporary directory, deleted on exit).")
  Path dataDir;

  @Option(names = "--verbose", description = "Show Kafka's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    EmbeddedKafkaBroker broker = dataDir == null ? EmbeddedKafkaBroker.temporary(port) : EmbeddedKafkaBroker.at(dataDir, port);
    broker.start();
    TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);
    System.out.println("Kafka broker (KRaft, embedded) listening at " + broker.bootstrapServers());
    System.out.println("Topics: " + String.join(", ", EcgTopics.ALL.stream().map(t -> t.name()).toList()));
    System.out.println("Log directory: " + broker.logDir() + (dataDir == null ? " (deleted on exit)" : ""));
    System.out.println("Press Ctrl-C to stop.");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      broker.close();
      stopped.countDown();
    }, "broker-shutdown"));
    stopped.await();
    return 0;
  }
}
