package org.ecgstream.local.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.demo.AlarmPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg alerts}: follow the alerts topic as a hospital system would. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    header = "Print alarm state changes from ecg.alerts as they are committed.",
    description = {"Reads ecg.alerts from the beginning with isolation level read_committed. Runs until Ctrl-C."})
final class AlertsCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT.")
  String bootstrap;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    AlarmPrinter printer = new AlarmPrinter(bootstrap, EcgTopics.ALERTS.name(), System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      printer.close();
      stopped.countDown();
    }, "alerts-stop"));
    stopped.await();
    return 0;
  }
}
