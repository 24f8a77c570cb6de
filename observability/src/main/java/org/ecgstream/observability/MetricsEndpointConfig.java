package org.ecgstream.observability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a service serves {@code /metrics} and {@code /health/*}: the port (0 picks a free one, for
 * tests), the address to bind and whether to serve at all. Read from a service's properties under
 * its own prefix ({@code ingest.} for the ingest app, none for the bridge) with the keys below.
 *
 * @param enabled false: no endpoint (and no port taken)
 * @param bindAddress the interface to listen on; {@code 0.0.0.0} for every one (a pod), {@code 127.0.0.1} for this host only
 * @param port TCP port, 0 for an ephemeral one
 */
public record MetricsEndpointConfig(boolean enabled, String bindAddress, int port) {

  /** The port Prometheus scrapes in the manifests (deploy/k8s) unless told otherwise. */
  public static final int DEFAULT_PORT = 9404;
  public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";

  /** Key (after the service's prefix) of the port; the endpoint runs when it is set. */
  public static final String PORT_KEY = "metrics.port";
  /** Key of the bind address. */
  public static final String BIND_ADDRESS_KEY = "metrics.bind-address";
  /** Key that switches the endpoint off even when a port is set (an overlay that must not expose one). */
  public static final String ENABLED_KEY = "metrics.enabled";

  public MetricsEndpointConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(PORT_KEY + ": a port 0-65535 (0: any free port), was " + port);
    }
    if (bindAddress == null || bindAddress.isBlank()) {
      throw new IllegalArgumentException(BIND_ADDRESS_KEY + ": an IP address or host name, was empty");
    }
  }

  /** No endpoint. */
  public static MetricsEndpointConfig disabled() {
    return new MetricsEndpointConfig(false, DEFAULT_BIND_ADDRESS, DEFAULT_PORT);
  }

  /** An endpoint on {@code port} on every interface. */
  public static MetricsEndpointConfig onPort(int port) {
    return new MetricsEndpointConfig(true, DEFAULT_BIND_ADDRESS, port);
  }

  /** An endpoint on a free port of the loopback interface: for tests. */
  public static MetricsEndpointConfig ephemeralLoopback() {
    return new MetricsEndpointConfig(true, "127.0.0.1", 0);
  }

  /**
   * Reads {@code prefix + metrics.port}, {@code metrics.bind-address} and {@code metrics.enabled}
   * from {@code properties} (other keys are ignored). Without a port the endpoint is off. Every bad
   * value is named in one message.
   */
  public static MetricsEndpointConfig from(Map<?, ?> properties, String prefix) {
    List<String> problems = new ArrayList<>();
    String portText = text(properties, prefix + PORT_KEY);
    String bind = text(properties, prefix + BIND_ADDRESS_KEY);
    String enabledText = text(properties, prefix + ENABLED_KEY);
    int port = DEFAULT_PORT;
    if (!portText.isEmpty()) {
      try {
        port = Integer.parseInt(portText);
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add(prefix + PORT_KEY + ": a port 0-65535 (0: any free port), was '" + portText + "'");
      }
    }
    boolean enabled = !portText.isEmpty();
    if (!enabledText.isEmpty()) {
      if (!enabledText.equals("true") && !enabledText.equals("false")) {
        problems.add(prefix + ENABLED_KEY + ": true or false, was '" + enabledText + "'");
      } else if (enabledText.equals("false")) {
        enabled = false;
      } else if (portText.isEmpty()) {
        problems.add(prefix + ENABLED_KEY + "=true needs " + prefix + PORT_KEY + " (for example " + DEFAULT_PORT + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new MetricsEndpointConfig(enabled, bind.isEmpty() ? DEFAULT_BIND_ADDRESS : bind, port);
  }

  private static String text(Map<?, ?> properties, String key) {
    Object v = properties.get(key);
    return v == null ? "" : v.toString().trim();
  }
}
