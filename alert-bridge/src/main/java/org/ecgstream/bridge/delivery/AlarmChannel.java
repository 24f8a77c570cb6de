package org.ecgstream.bridge.delivery;

import org.ecgstream.schemas.Alarm;

/**
 * One way alarm state changes reach a hospital system (HL7 over MLLP, FHIR over HTTP). An instance
 * is used by one delivery lane at a time, so it may keep a connection open between calls.
 */
public interface AlarmChannel extends AutoCloseable {

  /** Short stable name for logs, metrics and park records: {@code hl7}, {@code fhir}. */
  String name();

  /** One attempt; failures are outcomes, never exceptions. */
  DeliveryOutcome deliver(Alarm alarm);

  @Override
  void close();
}
