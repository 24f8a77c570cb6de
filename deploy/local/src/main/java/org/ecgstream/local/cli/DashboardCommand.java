package org.ecgstream.local.cli;

import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ecgstream.dashboard.Dashboard;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.config.DashboardConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg dashboard}: the live ward view for browsers, against a Kafka cluster. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    header = "Serve the live ward dashboard (waveforms, alarms, acknowledgements) to browsers.",
    description = {
      "Reads ecg.frames, ecg.alerts (read_committed), ecg.labels and ecg.models and pushes a ward",
      "view (lead II per bed, alarms by priority with their evidence, latest labels, model versions)",
      "and a page per bed (all leads) to signed-in browsers over server-sent events. Acknowledge",
      "writes an AlarmAck with the signed-in user to ecg.acks; the alarm job answers ACKNOWLEDGED.",
      "",
      "Users, TLS, session expiry, sign-in limits and topics are set in the --config file",
      "(user.NAME=HASH lines; dashboard/README.md lists every key). Make a hash with",
      "--hash-password. Flags override the file. Runs until Ctrl-C."
    })
final class DashboardCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (key kafka.bootstrap).")
  String bootstrap;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with users and settings (see dashboard/README.md).")
  Path config;

  @Option(names = "--port", paramLabel = "N", description = "Port to serve on; 0 for any free one (key http.port, default 8080).")
  Integer port;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (key http.host, default 127.0.0.1; 0.0.0.0 for all).")
  String host;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve /metrics (Prometheus), /health/live and /health/ready (200 once the Kafka feed has its partitions and "
          + "the HTTP server is up, else 503 with why) on this port, outside the sign-in; 0: any free port (key metrics.port; default: none).")
  Integer metricsPort;

  @Option(names = "--hash-password", description = "Ask for a password on the console, print its hash for a user.NAME= line, and exit.")
  boolean hashPassword;

  @Option(names = "--verbose", description = "Show Kafka's and Jetty's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    if (hashPassword) {
      return printHash();
    }
    Map<String, String> overrides = new HashMap<>();
    if (bootstrap != null) {
      overrides.put(DashboardConfig.BOOTSTRAP.name(), bootstrap);
    }
    if (port != null) {
      overrides.put(DashboardConfig.PORT.name(), port.toString());
    }
    if (host != null) {
      overrides.put(DashboardConfig.HOST.name(), host);
    }
    if (metricsPort != null) {
      overrides.put(DashboardConfig.METRICS_PORT.name(), metricsPort.toString());
    }
    DashboardConfig settings;
    try {
      settings = DashboardConfig.load(config, overrides);
    } catch (IllegalArgumentException e) {
      System.err.println("dashboard: " + e.getMessage());
      return 2;
    }
    Dashboard dashboard = Dashboard.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dashboard.close();
      stopped.countDown();
    }, "dashboard-stop"));
    System.out.println("dashboard: " + dashboard.url() + " for " + settings.users().size() + " user(s), reading "
        + settings.get(DashboardConfig.BOOTSTRAP)
        + dashboard.metricsEndpoint().map(m -> "; metrics and health on " + m.baseUri()).orElse("") + "; Ctrl-C to stop");
    stopped.await();
    return 0;
  }

  private static int printHash() {
    Console console = System.console();
    if (console == null) {
      System.err.println("dashboard: --hash-password needs a console (the password is never read from a pipe or an argument)");
      return 2;
    }
    char[] first = console.readPassword("Password: ");
    char[] second = console.readPassword("Again: ");
    try {
      if (first == null || first.length < 12) {
        System.err.println("dashboard: use at least 12 characters");
        return 2;
      }
      if (!Arrays.equals(first, second)) {
        System.err.println("dashboard: the two passwords differ");
        return 2;
      }
      System.out.println(PasswordHasher.standard().hash(first));
      return 0;
    } finally {
      Arrays.fill(first == null ? new char[0] : first, '\0');
      Arrays.fill(second == null ? new char[0] : second, '\0');
    }
  }
}
