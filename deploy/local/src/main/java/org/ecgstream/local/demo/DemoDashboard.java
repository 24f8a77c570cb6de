package org.ecgstream.local.demo;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.ecgstream.observability.ServiceMeterRegistry;

import java.io.IOException;
import java.net.BindException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.ecgstream.dashboard.Dashboard;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.config.DashboardConfig;

/**
 * The demo's dashboard: one user with a password made up for this run. The password exists only
 * in this process and in what the caller prints to the console once; only its hash is configured,
 * and nothing writes it to a log.
 */
public final class DemoDashboard implements AutoCloseable {

  public static final String USER = "demo";
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Dashboard dashboard;
  private final String password;
  private final boolean portWasTaken;

  private DemoDashboard(Dashboard dashboard, String password, boolean portWasTaken) {
    this.dashboard = dashboard;
    this.password = password;
    this.portWasTaken = portWasTaken;
  }

  /**
   * Starts the dashboard on localhost:{@code port} (0: any free port); when that port is taken, on
   * a free one instead (say so with {@link #portWasTaken}), so a busy 8080 never stops the demo.
   */
  public static DemoDashboard start(String bootstrapServers, int port) throws Exception {
    return start(bootstrapServers, port, ServiceMeterRegistry.create(Dashboard.SERVICE));
  }

  /** As {@link #start(String, int)} with the dashboard's meters on {@code registry} (the demo's metrics endpoint). */
  public static DemoDashboard start(String bootstrapServers, int port, PrometheusMeterRegistry registry) throws Exception {
    String password = randomPassword(20);
    Map<String, String> values = new HashMap<>();
    values.put(DashboardConfig.BOOTSTRAP.name(), bootstrapServers);
    values.put(DashboardConfig.HOST.name(), "127.0.0.1");
    values.put(DashboardConfig.PORT.name(), Integer.toString(port));
    values.put(DashboardConfig.USER_PREFIX + USER, PasswordHasher.standard().hash(password.toCharArray()));
    try {
      return new DemoDashboard(Dashboard.start(DashboardConfig.of(values), registry), password, false);
    } catch (IOException e) {
      if (port == 0 || !(e instanceof BindException || e.getCause() instanceof BindException)) {
        throw e;
      }
      values.put(DashboardConfig.PORT.name(), "0");
      return new DemoDashboard(Dashboard.start(DashboardConfig.of(values), registry), password, true);
    }
  }

  static String randomPassword(int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  public Dashboard dashboard() {
    return dashboard;
  }

  /** The generated password, for printing once to the console. */
  public String password() {
    return password;
  }

  public boolean portWasTaken() {
    return portWasTaken;
  }

  @Override
  public void close() {
    dashboard.close();
  }
}
