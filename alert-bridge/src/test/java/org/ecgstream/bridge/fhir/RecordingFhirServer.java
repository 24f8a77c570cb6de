package org.ecgstream.bridge.fhir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.hl7.fhir.r4.model.Observation;

/**
 * A FHIR endpoint inside the test (JDK HttpServer): every request is recorded, its body parsed with
 * HAPI's R4 parser, and answered with the status the script gives for the n-th request; accepted
 * PUTs are stored by id, as a server would.
 */
public final class RecordingFhirServer implements AutoCloseable {

  /** One request as the server got it. */
  public record Request(String method, String path, String authorization, String contentType, Observation observation, int status) {}

  private final HttpServer server;
  private final String scheme;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Observation> stored = new ConcurrentHashMap<>();

  /** {@code statusForRequest} gets the 0-based request number and returns the HTTP status to answer. */
  public RecordingFhirServer(IntFunction<Integer> statusForRequest) throws IOException {
    this(null, statusForRequest);
  }

  /** Over HTTPS with {@code tls}'s server certificate, or plain HTTP when null. */
  public RecordingFhirServer(SSLContext tls, IntFunction<Integer> statusForRequest) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls == null) {
      server = HttpServer.create(loopback, 0);
    } else {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    this.scheme = tls == null ? "http" : "https";
    server.createContext("/fhir", exchange -> handle(exchange, statusForRequest));
    server.start();
  }

  public URI base() {
    return URI.create(scheme + "://" + (scheme.equals("https") ? "localhost" : "127.0.0.1") + ":" + server.getAddress().getPort() + "/fhir");
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Map<String, Observation> stored() {
    return Map.copyOf(stored);
  }

  private synchronized void handle(HttpExchange exchange, IntFunction<Integer> statusForRequest) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Observation observation = FhirContexts.r4().newJsonParser().parseResource(Observation.class, body);
    int status = statusForRequest.apply(requests.size());
    String path = exchange.getRequestURI().getPath();
    requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
        exchange.getRequestHeaders().getFirst("Content-Type"), observation, status));
    String answer;
    if (status < 300) {
      boolean existed = stored.put(path.substring(path.lastIndexOf('/') + 1), observation) != null;
      status = status == 201 && existed ? 200 : status;
      answer = body;
    } else {
      answer = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\","
          + "\"diagnostics\":\"scripted failure\"}]}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
