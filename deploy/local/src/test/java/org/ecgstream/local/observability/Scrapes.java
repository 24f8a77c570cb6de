package org.ecgstream.local.observability;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.PrometheusText;

/** HTTP calls to a service's endpoint as Prometheus and Kubernetes make them, and awaiting an answer. */
final class Scrapes {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Scrapes() {}

  static HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(endpoint.baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static PrometheusText scrape(MetricsEndpoint endpoint) throws Exception {
    HttpResponse<String> response = get(endpoint, MetricsEndpoint.METRICS_PATH);
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /metrics answered " + response.statusCode());
    }
    return PrometheusText.parse(response.body());
  }

  /** Asks {@code path} until {@code done} holds for the answer, or fails with the last one after {@code timeout}. */
  static HttpResponse<String> awaitAnswer(MetricsEndpoint endpoint, String path, Predicate<HttpResponse<String>> done,
      Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      HttpResponse<String> last = get(endpoint, path);
      if (done.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("GET " + path + " still answers " + last.statusCode() + " " + last.body() + " after " + timeout);
      }
      Thread.sleep(50); // polling interval of the probe, not synchronisation: the deadline bounds the wait
    }
  }

  /** Scrapes until {@code done} holds for the parsed scrape, or fails after {@code timeout}. */
  static PrometheusText awaitScrape(MetricsEndpoint endpoint, Predicate<PrometheusText> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      PrometheusText scrape = scrape(endpoint);
      if (done.test(scrape)) {
        return scrape;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("scrape did not reach the expected state within " + timeout + "; names: " + scrape.names());
      }
      Thread.sleep(100);
    }
  }

  static double sum(PrometheusText scrape, String name) {
    return scrape.named(name).stream().mapToDouble(PrometheusText.Sample::value).sum();
  }

}
