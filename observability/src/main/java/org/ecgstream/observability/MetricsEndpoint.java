package org.ecgstream.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's operational HTTP endpoint, on the JDK's own HTTP server (no web framework):
 * <ul>
 *   <li>{@code GET /metrics}: the registry in the Prometheus text format (0.0.4);
 *   <li>{@code GET /health/live}: 200 while the liveness check is up, else 503 (the pod is restarted);
 *   <li>{@code GET /health/ready}: 200 with {@code {"status":"UP","detail":...}} while the readiness
 *       check is up, else 503 with {@code {"status":"DOWN","reason":...}} (the pod gets no traffic,
 *       and an operator reads why).
 * </ul>
 * Checks run on every request, on the endpoint's own two threads, so a slow scrape never blocks the
 * service. {@link #close} stops listening and ends those threads.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
  /** The classic Prometheus text format every Prometheus version scrapes. */
  public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  public static final String METRICS_PATH = "/metrics";
  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";

  private final HttpServer server;
  private final ExecutorService threads;
  private final String name;

  private MetricsEndpoint(String name, HttpServer server, ExecutorService threads) {
    this.name = name;
    this.server = server;
    this.threads = threads;
  }

  /**
   * Starts serving {@code registry} and the two checks as {@code config} says, or returns empty when
   * the endpoint is disabled.
   *
   * @param service short name for thread names and log lines ({@code ingest}, {@code bridge})
   * @throws UncheckedIOException when the address cannot be bound (port taken, address not local)
   */
  public static Optional<MetricsEndpoint> startIfEnabled(String service, MetricsEndpointConfig config,
      PrometheusMeterRegistry registry, HealthCheck liveness, HealthCheck readiness) {
    return config.enabled() ? Optional.of(start(service, config, registry, liveness, readiness)) : Optional.empty();
  }

  /** Starts serving whether or not {@code config} is enabled (for callers that checked already). */
  public static MetricsEndpoint start(String service, MetricsEndpointConfig config, PrometheusMeterRegistry registry,
      HealthCheck liveness, HealthCheck readiness) {
    return start(service, config, registry::scrape, liveness, readiness);
  }

  /**
   * As {@link #start(String, MetricsEndpointConfig, PrometheusMeterRegistry, HealthCheck, HealthCheck)}
   * with the scrape from {@code scrape}: several services in one process ({@link MergedScrape}).
   */
  public static MetricsEndpoint start(String service, MetricsEndpointConfig config, Supplier<String> scrape,
      HealthCheck liveness, HealthCheck readiness) {
    HttpServer server;
    InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(service + " metrics endpoint: cannot listen on " + config.bindAddress() + ":" + config.port()
          + " (" + e.getMessage() + "); choose another port with --metrics-port or " + MetricsEndpointConfig.PORT_KEY, e);
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, service + "-metrics-endpoint-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", exchange -> serve(exchange, scrape, liveness, readiness));
    server.start();
    MetricsEndpoint endpoint = new MetricsEndpoint(service, server, threads);
    LOG.info("event=metrics_endpoint_started service={} address={}:{}", service, config.bindAddress(), endpoint.port());
    return endpoint;
  }

  /** The port listened on (the chosen one when the config said 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://HOST:PORT} of this endpoint as a client on this machine reaches it. */
  public URI baseUri() {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "127.0.0.1" : server.getAddress().getHostString();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
  }

  private static void serve(HttpExchange exchange, Supplier<String> scrape, HealthCheck liveness,
      HealthCheck readiness) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().add("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case METRICS_PATH -> respond(exchange, 200, PROMETHEUS_TEXT, scrape.get());
        case LIVE_PATH -> health(exchange, liveness);
        case READY_PATH -> health(exchange, readiness);
        default -> respond(exchange, 404, "text/plain; charset=utf-8",
            "not found; this endpoint serves " + METRICS_PATH + ", " + LIVE_PATH + " and " + READY_PATH + "\n");
      }
    } catch (RuntimeException e) {
      LOG.warn("event=metrics_endpoint_request_failed path={} error={}", exchange.getRequestURI().getPath(), e.toString());
    }
  }

  private static void health(HttpExchange exchange, HealthCheck check) throws IOException {
    HealthStatus status;
    try {
      status = check.check();
    } catch (RuntimeException e) {
      status = HealthStatus.down("check failed: " + e);
    }
    String body = status.up()
        ? "{\"status\":\"UP\",\"detail\":" + Json.string(status.detail()) + "}\n"
        : "{\"status\":\"DOWN\",\"reason\":" + Json.string(status.detail()) + "}\n";
    respond(exchange, status.up() ? 200 : 503, "application/json", body);
  }

  private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops listening at once (a scrape in progress is cut) and ends the endpoint's threads. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdown();
    try {
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("event=metrics_endpoint_stopped service={}", name);
  }

  /** Just enough JSON for one string value. */
  static final class Json {
    private Json() {}

    static String string(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\u%04x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.append('"').toString();
    }
  }
}
