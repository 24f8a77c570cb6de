package org.ecgstream.bridge.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.util.Set;
import org.ecgstream.bridge.delivery.DeliveryOutcome;

/**
 * Reads the peer's answer to a PCD-04 message (ACK^R40^ACK, or ORA^R41 in HL7 2.8 terms) into a
 * delivery outcome.
 *
 * <ul>
 *   <li>AA (or CA): delivered.
 *   <li>AE/CE with an HL7 error code (ERR-3, table 0357) naming the message itself (100-105: segment
 *       sequence, required field, data type, table value, value too long; 200-205: unsupported type,
 *       event, processing id, version, unknown or duplicate key): rejected, parked at once, as
 *       sending the same bytes again cannot help.
 *   <li>AR/CR with 200-203: rejected likewise. Any other AE/AR (206 record locked, 207 internal
 *       error, no code at all: HL7 uses AR for "system down"): retried.
 *   <li>An answer that does not parse, or acknowledges another message id: retried.
 * </ul>
 */
public final class AcknowledgementReading {

  private static final Set<String> CONTENT_ERRORS =
      Set.of("100", "101", "102", "103", "104", "105", "200", "201", "202", "203", "204", "205");
  private static final Set<String> REJECTED_MESSAGE = Set.of("200", "201", "202", "203");

  private AcknowledgementReading() {}

  /** The outcome of sending the message with control id {@code controlId} that was answered by {@code answer}. */
  public static DeliveryOutcome outcome(String answer, String controlId) {
    if (answer == null) {
      return DeliveryOutcome.retryable("peer closed the connection without an acknowledgement");
    }
    Terser t;
    try {
      Message ack = Hl7Parsers.pipeParser().parse(answer);
      t = new Terser(ack);
      String code = t.get("/MSA-1");
      String acknowledged = t.get("/MSA-2");
      if (!controlId.equals(acknowledged)) {
        return DeliveryOutcome.retryable("acknowledgement refers to message " + acknowledged + ", not " + controlId);
      }
      if ("AA".equals(code) || "CA".equals(code)) {
        return DeliveryOutcome.delivered();
      }
      String error = errorCode(t);
      // Codes only: a peer's free text may quote message content, and reasons end up in logs.
      String detail = code + (error == null ? "" : " " + error);
      if (("AE".equals(code) || "CE".equals(code)) && error != null && CONTENT_ERRORS.contains(error)) {
        return DeliveryOutcome.rejected(detail);
      }
      if (("AR".equals(code) || "CR".equals(code)) && error != null && REJECTED_MESSAGE.contains(error)) {
        return DeliveryOutcome.rejected(detail);
      }
      if ("AE".equals(code) || "AR".equals(code) || "CE".equals(code) || "CR".equals(code)) {
        return DeliveryOutcome.retryable(detail);
      }
      return DeliveryOutcome.retryable("acknowledgement code '" + code + "' is not an HL7 acknowledgement code");
    } catch (HL7Exception | RuntimeException e) {
      return DeliveryOutcome.retryable("acknowledgement does not parse: " + e.getMessage());
    }
  }

  private static String errorCode(Terser t) throws HL7Exception {
    // ERR-3 (HL7 error code) since 2.5; MSA-6 (error condition) before.
    String code = t.getSegment("/ERR") == null ? null : t.get("/ERR-3-1");
    if (code == null || code.isBlank()) {
      code = t.get("/MSA-6-1");
    }
    return code == null || code.isBlank() ? null : code.trim();
  }
}
