package org.ecgstream.bridge.delivery;

/** What one delivery attempt of one alarm state change to one channel came to. */
public sealed interface DeliveryOutcome {

  /** The receiver took it (HL7 AA/CA, HTTP 2xx). */
  record Delivered() implements DeliveryOutcome {}

  /** It may work later (connection refused, time-out, AR, 5xx): try again after a back-off. */
  record Retryable(String reason) implements DeliveryOutcome {}

  /** It will never work as sent (a content error the receiver named, an unmappable alarm): park it now. */
  record Rejected(String reason) implements DeliveryOutcome {}

  static DeliveryOutcome delivered() {
    return new Delivered();
  }

  static DeliveryOutcome retryable(String reason) {
    return new Retryable(reason);
  }

  static DeliveryOutcome rejected(String reason) {
    return new Rejected(reason);
  }
}
