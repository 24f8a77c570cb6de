package org.ecgstream.bridge.fhir;

import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome;

/** The issue codes of an OperationOutcome in a server's error response, for a log-safe failure reason. */
final class OperationOutcomes {

  private OperationOutcomes() {}

  /** " (issues: invalid, required)" or "" when the body is no OperationOutcome. */
  static String issueCodes(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      OperationOutcome outcome = FhirContexts.r4().newJsonParser().parseResource(OperationOutcome.class, body);
      String codes = outcome.getIssue().stream()
          .map(i -> i.getCode() == null ? "unknown" : i.getCode().toCode())
          .collect(Collectors.joining(", "));
      return codes.isEmpty() ? "" : " (issues: " + codes + ")";
    } catch (RuntimeException e) {
      return "";
    }
  }
}
