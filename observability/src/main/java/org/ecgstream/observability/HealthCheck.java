package org.ecgstream.observability;

/**
 * A liveness or readiness check the endpoint asks on every probe. It should answer fast (it runs on
 * the endpoint's thread while a probe waits) and from state the service already keeps; one that
 * throws counts as down, with the exception as the reason.
 */
@FunctionalInterface
public interface HealthCheck {

  /** Up whenever asked: liveness of a service whose process serving HTTP is all that "alive" means. */
  HealthCheck ALWAYS_UP = () -> HealthStatus.up("serving");

  HealthStatus check();

  /** Up only when this and {@code other} are; the first reason down wins, the details of both when up. */
  default HealthCheck and(HealthCheck other) {
    return () -> {
      HealthStatus first = check();
      if (!first.up()) {
        return first;
      }
      HealthStatus second = other.check();
      if (!second.up()) {
        return second;
      }
      return HealthStatus.up(first.detail().isEmpty() ? second.detail()
          : second.detail().isEmpty() ? first.detail() : first.detail() + "; " + second.detail());
    };
  }
}
