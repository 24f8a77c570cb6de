package org.ecgstream.bridge.delivery;

import java.time.Duration;

/**
 * How often and how patiently a channel is tried before a state change is parked: up to
 * {@code maxAttempts} attempts, waiting {@code initialBackoff} after the first failure and doubling
 * up to {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("back-off must satisfy 0 <= initial <= max, was " + initialBackoff + " and " + maxBackoff);
    }
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    int doublings = Math.min(attempt - 1, 30);
    long millis = initialBackoff.toMillis() << doublings;
    return millis < 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
  }
}
