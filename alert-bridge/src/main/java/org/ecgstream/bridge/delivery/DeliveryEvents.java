package org.ecgstream.bridge.delivery;

import java.time.Duration;

/**
 * What {@link RecordDelivery} reports per channel, for metrics: each state change delivered (with
 * the time from its first attempt, back-offs included), each attempt that will be retried, each
 * state change parked. Called from the lanes' threads.
 */
public interface DeliveryEvents {

  /** Reports nothing (tests that count deliveries by other means). */
  DeliveryEvents NONE = new DeliveryEvents() {
    @Override
    public void delivered(String channel, Duration sinceFirstAttempt) {}

    @Override
    public void retried(String channel) {}

    @Override
    public void parked(String channel) {}
  };

  void delivered(String channel, Duration sinceFirstAttempt);

  void retried(String channel);

  /** {@code channel} is {@link RecordDelivery#UNDECODABLE} for records that are not an alarm at all. */
  void parked(String channel);
}
