package org.ecgstream.local.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.bench.DashboardLoad;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg bench dashboard}: the dashboard under a ward of simulated beds and several browsers. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "The live dashboard with --beds simulated beds and --clients browsers: CPU, push rate, completeness, drops.",
    description = {
      "Simulated 12-lead beds stream in real time to ecg.frames and their heart rate to ecg.vitals every",
      "2 s (embedded broker, or --bootstrap); the dashboard reads them; --clients signed-in browsers (JDK",
      "HTTP client) read the ward stream and --stalled-clients open it and never read. Prints: records/s",
      "the dashboard read; CPU of the dashboard's own threads (feed, HTTP, ticker) and of the whole process",
      "(which also simulates the beds and may run the broker), in % of one core; wave and vitals events and",
      "KB per browser per second; lead II completeness (samples received / frames sent x 250 ms x 125 Hz);",
      "vitals completeness (bed heart rates received / sent); browsers dropped for a full queue."
    })
final class BenchDashboardCommand implements Callable<Integer> {

  @Option(names = "--beds", defaultValue = "100", description = "Simulated beds (default: ${DEFAULT-VALUE}).")
  int beds;

  @Option(names = "--clients", defaultValue = "3", description = "Browsers reading the ward stream (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--stalled-clients", defaultValue = "1", description = "Browsers that never read (default: ${DEFAULT-VALUE}).")
  int stalledClients;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long the beds stream (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--sample-rate", defaultValue = "500", description = "Samples per second per lead (default: ${DEFAULT-VALUE}).")
  int sampleRateHz;

  @Option(names = "--bootstrap", description = "Use this Kafka cluster (HOST:PORT) instead of an embedded broker.")
  String bootstrap;

  @Option(names = "--verbose", description = "Show the components' own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    if (beds < 1 || clients < 1 || stalledClients < 0) {
      System.err.println("bench dashboard: need --beds >= 1, --clients >= 1, --stalled-clients >= 0");
      return 2;
    }
    EmbeddedKafkaBroker broker = null;
    try {
      String servers = bootstrap;
      if (servers == null) {
        broker = EmbeddedKafkaBroker.onFreePort().start();
        servers = broker.bootstrapServers();
      }
      TopicProvisioner.ensureTopics(servers, EcgTopics.ALL);
      System.err.println("bench dashboard: " + beds + " beds, " + clients + " clients, " + stalledClients + " stalled, "
          + duration.toSeconds() + " s ...");
      DashboardLoad.Result r = DashboardLoad.run(servers, beds, clients, stalledClients, duration, sampleRateHz);
      Runtime rt = Runtime.getRuntime();
      System.out.printf(Locale.ROOT, "beds                         %d (12 leads, %d Hz, 250 ms frames)%n", r.beds(), sampleRateHz);
      System.out.printf(Locale.ROOT, "browsers                     %d reading, %d stalled%n", r.clients(), r.stalledClients());
      System.out.printf(Locale.ROOT, "measured                     %.1f s%n", r.seconds());
      System.out.printf(Locale.ROOT, "records read by the dashboard %.0f /s (frames and vitals)%n", r.recordsReadPerSecond());
      System.out.printf(Locale.ROOT, "dashboard threads CPU        %.1f %% of one core%n", r.dashboardCpuPercentOfOneCore());
      System.out.printf(Locale.ROOT, "whole process CPU            %.1f %% of one core (simulator%s, dashboard)%n",
          r.processCpuPercentOfOneCore(), broker != null ? ", broker" : "");
      System.out.printf(Locale.ROOT, "wave events per browser      %.2f /s%n", r.waveEventsPerClientPerSecond());
      System.out.printf(Locale.ROOT, "pushed per browser           %.1f KB/s%n", r.kilobytesPerClientPerSecond());
      System.out.printf(Locale.ROOT, "lead II completeness         %.3f (samples received / frames sent x 250 ms x %d Hz)%n",
          r.leadIiCompleteness(), r.wardRateHz());
      System.out.printf(Locale.ROOT, "vitals events per browser    %.2f /s%n", r.vitalsEventsPerClientPerSecond());
      System.out.printf(Locale.ROOT, "vitals completeness          %.3f (bed heart rates received / sent to ecg.vitals, one per bed every 2 s)%n",
          r.vitalsCompleteness());
      System.out.printf(Locale.ROOT, "browsers dropped (queue full) %d; events refused %d%n", r.clientsDropped(), r.eventsRefused());
      System.out.printf(Locale.ROOT, "machine                      %d CPUs, max heap %d MB%n", rt.availableProcessors(), rt.maxMemory() >> 20);
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
