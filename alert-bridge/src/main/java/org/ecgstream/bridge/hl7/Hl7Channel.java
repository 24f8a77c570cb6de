package org.ecgstream.bridge.hl7;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;
import org.ecgstream.bridge.delivery.AlarmChannel;
import org.ecgstream.bridge.delivery.DeliveryOutcome;
import org.ecgstream.bridge.delivery.DeliveryOutcome.Delivered;
import org.ecgstream.schemas.Alarm;

/** Sends each alarm state change as a PCD-04 message over MLLP and reads the acknowledgement. */
public final class Hl7Channel implements AlarmChannel {

  private final Pcd04MessageBuilder builder;
  private final Supplier<MllpConnection> connections;
  private final Clock clock;
  private MllpConnection connection;

  public Hl7Channel(Pcd04MessageBuilder builder, Supplier<MllpConnection> connections, Clock clock) {
    this.builder = builder;
    this.connections = connections;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "hl7";
  }

  @Override
  public DeliveryOutcome deliver(Alarm alarm) {
    String message;
    try {
      message = builder.encode(alarm, clock.instant());
    } catch (IllegalArgumentException e) {
      return DeliveryOutcome.rejected(e.getMessage());
    }
    if (connection == null) {
      connection = connections.get();
    }
    DeliveryOutcome outcome;
    try {
      outcome = AcknowledgementReading.outcome(connection.exchange(message), MessageControlIds.of(alarm));
    } catch (IOException e) {
      outcome = DeliveryOutcome.retryable("MLLP " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    if (!(outcome instanceof Delivered)) {
      // A fresh connection for the next attempt: never read a stale answer as the next one's.
      close();
    }
    return outcome;
  }

  @Override
  public void close() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }
}
