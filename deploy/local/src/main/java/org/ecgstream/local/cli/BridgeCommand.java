package org.ecgstream.local.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ecgstream.bridge.AlertBridgeRuntime;
import org.ecgstream.bridge.config.BridgeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg bridge}: deliver alarm state changes to hospital systems (HL7 v2 over MLLP, FHIR R4). */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    header = "Deliver alarm state changes to hospital systems: HL7 v2 (IHE PCD-04), FHIR R4.",
    description = {
      "Each state change (RAISED, UPDATED, ESCALATED, ACKNOWLEDGED, CLEARED) goes",
      "as an ORU^R40 message over MLLP to the Alert Manager at --hl7 and/or as an",
      "Observation PUT to the FHIR server at --fhir. A patient's changes arrive in",
      "order; failures are retried with doubling back-off, and what still fails is",
      "parked on ecg.alerts.parked with the reason, never dropped. Offsets are",
      "committed only after delivery or parking (at least once; message ids derive",
      "from alarm id and state sequence, so receivers recognise a repeat).",
      "",
      "TLS, credentials (by reference only: env:NAME or file:PATH), retries, topics",
      "and the listener for the Alert Manager's acknowledgements (to ecg.acks) are",
      "set in the --config file; alert-bridge/README.md lists every key with its",
      "default. Flags override the file. Runs until Ctrl-C."
    })
final class BridgeCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--hl7", paramLabel = "HOST:PORT", description = "MLLP endpoint of the Alert Manager (key hl7.endpoint).")
  String hl7;

  @Option(names = "--fhir", paramLabel = "URL", description = "FHIR R4 base URL, e.g. https://fhir.example/r4 (key fhir.url).")
  String fhir;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file with bridge settings (see alert-bridge/README.md).")
  Path config;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve /metrics (Prometheus), /health/live and /health/ready (200 once the consumer has partitions and "
          + "the HL7/FHIR peers accept connections, else 503 with why) on this port; 0: any free port (key metrics.port; default: none).")
  Integer metricsPort;

  @Option(names = "--verbose", description = "Show Kafka's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    Map<String, String> overrides = new HashMap<>();
    overrides.put(BridgeConfig.BOOTSTRAP.name(), bootstrap);
    if (hl7 != null) {
      overrides.put(BridgeConfig.HL7_ENDPOINT.name(), hl7);
    }
    if (fhir != null) {
      overrides.put(BridgeConfig.FHIR_URL.name(), fhir);
    }
    if (metricsPort != null) {
      overrides.put(BridgeConfig.METRICS_PORT.name(), metricsPort.toString());
    }
    BridgeConfig settings;
    try {
      settings = BridgeConfig.load(config, overrides);
    } catch (IllegalArgumentException e) {
      System.err.println("bridge: " + e.getMessage());
      return 2;
    }
    AlertBridgeRuntime bridge;
    try {
      bridge = AlertBridgeRuntime.start(settings);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("bridge: " + e.getMessage());
      return 2;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "bridge-stop"));
    bridge.metricsEndpoint().ifPresent(e ->
        System.out.println("bridge: metrics and health on " + e.baseUri() + "/metrics, /health/ready, /health/live"));
    System.out.println("bridge: delivering " + settings.text(BridgeConfig.ALERTS_TOPIC) + " from " + bootstrap
        + " to " + settings.hl7().map(e -> "HL7 " + e).orElse("") + (settings.hl7().isPresent() && settings.fhir().isPresent() ? " and " : "")
        + settings.fhir().map(u -> "FHIR " + u).orElse("") + "; Ctrl-C to stop");
    RuntimeException failure = bridge.awaitStop();
    if (failure != null) {
      System.err.println("bridge: stopped by an error: " + failure.getMessage());
      bridge.close();
      return 1;
    }
    return 0;
  }
}
