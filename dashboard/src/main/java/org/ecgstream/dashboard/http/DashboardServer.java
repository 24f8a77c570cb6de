package org.ecgstream.dashboard.http;

import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.ecgstream.dashboard.auth.SessionStore;
import org.ecgstream.dashboard.auth.SignInThrottle;
import org.ecgstream.dashboard.auth.UserDirectory;
import org.ecgstream.dashboard.auth.oidc.OidcSignIn;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.dashboard.kafka.AckPublisher;
import org.ecgstream.dashboard.metrics.DashboardMetrics;
import org.ecgstream.dashboard.push.EventHub;
import org.ecgstream.dashboard.ward.WardState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's HTTP(S) server (Jetty 12 core) and the ticker that pushes waveforms, expires
 * streams of ended sessions and keeps idle connections alive. HTTPS only when a key store is
 * configured; then plain HTTP is not served at all.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final long HEARTBEAT_MILLIS = 15_000;

  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService ticker;
  private final EventHub hub;
  private final boolean tls;

  public DashboardServer(DashboardConfig config, WardState ward, EventHub hub, AckPublisher acks, Clock clock) {
    this(config, ward, hub, acks, clock, DashboardMetrics.unpublished());
  }

  public DashboardServer(DashboardConfig config, WardState ward, EventHub hub, AckPublisher acks, Clock clock, DashboardMetrics metrics) {
    this.hub = hub;
    this.tls = config.tls().isPresent();
    UserDirectory users = new UserDirectory(config.users());
    SessionStore sessions = new SessionStore(config.millis(DashboardConfig.SESSION_IDLE),
        config.millis(DashboardConfig.SESSION_ABSOLUTE), clock);
    SignInThrottle throttle = new SignInThrottle(config.intValue(DashboardConfig.SIGNIN_MAX_FAILURES),
        config.millis(DashboardConfig.SIGNIN_WINDOW), clock);
    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("dashboard-http");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    if (tls) {
      DashboardConfig.Tls t = config.tls().get();
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(t.keystore().toString());
      ssl.setKeyStorePassword(new String(t.password()));
      ssl.setKeyStoreType("PKCS12");
      http.addCustomizer(new SecureRequestCustomizer(false)); // SNI host check off: one certificate, any host name it covers
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(config.get(DashboardConfig.HOST));
    connector.setPort(config.intValue(DashboardConfig.PORT));
    connector.setIdleTimeout(60_000); // event streams carry a heartbeat every 15 s
    server.addConnector(connector);
    server.setHandler(new DashboardHandler(users, sessions, throttle, ward, hub, acks, tls,
        config.get(DashboardConfig.PUBLIC_ORIGIN), config.intValue(DashboardConfig.CLIENT_QUEUE), clock,
        config.oidc().map(o -> new OidcSignIn(o, clock)).orElse(null), metrics));
    long tickMillis = config.millis(DashboardConfig.TICK).toMillis();
    ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dashboard-ticker");
      t.setDaemon(true);
      return t;
    });
    long beatsPerHeartbeat = Math.max(1, HEARTBEAT_MILLIS / tickMillis);
    long[] ticks = {0};
    ticker.scheduleAtFixedRate(() -> {
      try {
        hub.tick();
        if (++ticks[0] % beatsPerHeartbeat == 0) {
          hub.closeExpired(sessions::live);
          hub.heartbeat();
        }
      } catch (RuntimeException e) {
        LOG.warn("event=dashboard_tick_failed error={}", e.toString(), e);
      }
    }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  public DashboardServer start() throws Exception {
    server.start();
    LOG.info("event=dashboard_started url={}", url());
    return this;
  }

  /** Whether Jetty is started and accepting connections. */
  public boolean serving() {
    return server.isStarted() && connector.isOpen();
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Where browsers reach it (host as configured; localhost for a wildcard address). */
  public URI url() {
    String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "localhost" : connector.getHost();
    return URI.create((tls ? "https" : "http") + "://" + host + ":" + port() + "/");
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    hub.closeAll();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("event=dashboard_stop_failed error={}", e.toString());
    }
  }
}
