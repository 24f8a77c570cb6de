package org.ecgstream.observability;

/**
 * The answer of a {@link HealthCheck}: up with a short detail (for example the Kafka Streams state),
 * or down with the reason an operator reads first ("Kafka Streams state REBALANCING").
 */
public record HealthStatus(boolean up, String detail) {

  public HealthStatus {
    detail = detail == null ? "" : detail;
  }

  public static HealthStatus up(String detail) {
    return new HealthStatus(true, detail);
  }

  public static HealthStatus down(String reason) {
    return new HealthStatus(false, reason);
  }
}
