package org.ecgstream.bridge.delivery;

/**
 * Where state changes go that a channel would not take after every attempt: kept with the reason,
 * never dropped. {@link #park} returns only once the record is durably parked.
 */
public interface ParkingLot extends AutoCloseable {

  /** A state change that could not be delivered to {@code channel}; {@code value} is the record as consumed. */
  record ParkedAlarm(String patientKey, byte[] value, String channel, String reason, int attempts,
      String sourceTopic, int sourcePartition, long sourceOffset) {}

  /** Parks {@code parked}; throws when it could not be parked (the caller tries again). */
  void park(ParkedAlarm parked) throws Exception;

  @Override
  void close();
}
