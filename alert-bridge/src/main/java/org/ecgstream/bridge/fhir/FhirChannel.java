package org.ecgstream.bridge.fhir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.ecgstream.core.secrets.SecretReference;
import org.ecgstream.bridge.delivery.AlarmChannel;
import org.ecgstream.bridge.delivery.DeliveryOutcome;
import org.ecgstream.schemas.Alarm;
import org.hl7.fhir.r4.model.Observation;

/**
 * Delivers each alarm state change as an Observation by {@code PUT [base]/Observation/[id]}, the
 * id derived from alarm id and state sequence: an update-as-create that is idempotent, so a
 * redelivery after a restart leaves one resource per state change.
 *
 * <p>2xx: delivered. 408, 429, 5xx, 401/403 (a token being rotated) and I/O failures: retried.
 * Other 4xx (the server refuses this content): parked at once. Reasons carry status and
 * OperationOutcome issue codes only, never the server's text, which may quote the resource.
 */
public final class FhirChannel implements AlarmChannel {

  private static final Set<Integer> RETRYABLE_CLIENT_ERRORS = Set.of(401, 403, 408, 425, 429);

  private final URI base;
  private final HttpClient http;
  private final AlarmObservationMapper mapper;
  private final Optional<SecretReference> bearerToken;
  private final Duration timeout;

  public FhirChannel(URI base, HttpClient http, AlarmObservationMapper mapper, Optional<SecretReference> bearerToken,
      Duration timeout) {
    this.base = base;
    this.http = http;
    this.mapper = mapper;
    this.bearerToken = bearerToken;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "fhir";
  }

  @Override
  public DeliveryOutcome deliver(Alarm alarm) {
    Observation observation;
    try {
      observation = mapper.map(alarm);
    } catch (IllegalArgumentException e) {
      return DeliveryOutcome.rejected(e.getMessage());
    }
    String body = FhirContexts.r4().newJsonParser().encodeResourceToString(observation);
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(base.getPath() + "/Observation/" + observation.getIdPart()))
        .timeout(timeout)
        .header("Content-Type", "application/fhir+json; charset=utf-8")
        .header("Accept", "application/fhir+json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
    try {
      bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + new String(token.resolve())));
    } catch (IllegalStateException e) {
      return DeliveryOutcome.retryable(e.getMessage());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return DeliveryOutcome.retryable("HTTP " + e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DeliveryOutcome.retryable("interrupted");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return DeliveryOutcome.delivered();
    }
    String reason = "HTTP " + status + OperationOutcomes.issueCodes(response.body());
    if (status >= 500 || RETRYABLE_CLIENT_ERRORS.contains(status)) {
      return DeliveryOutcome.retryable(reason);
    }
    return DeliveryOutcome.rejected(reason);
  }

  @Override
  public void close() {
    // the HttpClient is shared between lanes and closed with the JVM
  }
}
