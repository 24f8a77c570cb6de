package org.ecgstream.bridge.delivery;

import java.time.Duration;
import java.util.List;
import org.ecgstream.bridge.delivery.DeliveryOutcome.Delivered;
import org.ecgstream.bridge.delivery.DeliveryOutcome.Rejected;
import org.ecgstream.bridge.delivery.DeliveryOutcome.Retryable;
import org.ecgstream.bridge.delivery.ParkingLot.ParkedAlarm;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one consumed alert record to every channel in turn: each channel is tried up to the
 * policy's attempts with back-off between them; what a channel rejects, or still refuses after the
 * last attempt, is parked for that channel with the reason. Returns only when every channel has
 * either taken the record or it is parked: nothing is dropped.
 *
 * <p>Used by one lane (thread) at a time, so the order of a patient's state changes is kept.
 */
public final class RecordDelivery implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RecordDelivery.class);
  /** The channel name on park records of values that are not an Alarm at all. */
  public static final String UNDECODABLE = "decode";

  private final List<AlarmChannel> channels;
  private final RetryPolicy policy;
  private final ParkingLot parking;
  private final Pause pause;
  private final DeliveryEvents events;

  public RecordDelivery(List<AlarmChannel> channels, RetryPolicy policy, ParkingLot parking, Pause pause) {
    this(channels, policy, parking, pause, DeliveryEvents.NONE);
  }

  /** @param events told of every delivery, retry and parking (the bridge's metrics) */
  public RecordDelivery(List<AlarmChannel> channels, RetryPolicy policy, ParkingLot parking, Pause pause, DeliveryEvents events) {
    this.channels = List.copyOf(channels);
    this.policy = policy;
    this.parking = parking;
    this.pause = pause;
    this.events = events;
  }

  /** Delivers or parks {@code alert} on every channel; interrupted only when the bridge stops. */
  public void deliver(ConsumedAlert alert) throws InterruptedException {
    Alarm alarm;
    try {
      alarm = EcgSerdes.alarms().deserialize(alert.value());
    } catch (RecordDecodingException e) {
      park(alert, UNDECODABLE, e.reason() + ": " + e.getMessage(), 0);
      return;
    }
    for (AlarmChannel channel : channels) {
      deliver(alert, alarm, channel);
    }
  }

  private void deliver(ConsumedAlert alert, Alarm alarm, AlarmChannel channel) throws InterruptedException {
    long firstAttemptNanos = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("bridge stopping");
      }
      DeliveryOutcome outcome = attempt(channel, alarm);
      if (outcome instanceof Delivered) {
        LOG.info("event=alarm_delivered channel={} alarmId={} stateSeq={} state={} attempts={}",
            channel.name(), alarm.getAlarmId(), alarm.getStateSeq(), alarm.getState(), attempt);
        events.delivered(channel.name(), Duration.ofNanos(System.nanoTime() - firstAttemptNanos));
        return;
      }
      if (outcome instanceof Rejected rejected) {
        park(alert, channel.name(), "rejected: " + rejected.reason(), attempt);
        return;
      }
      String reason = ((Retryable) outcome).reason();
      if (attempt >= policy.maxAttempts()) {
        park(alert, channel.name(), "gave up after " + attempt + " attempts, last: " + reason, attempt);
        return;
      }
      Duration wait = policy.backoffAfter(attempt);
      events.retried(channel.name());
      LOG.warn("event=alarm_delivery_retry channel={} alarmId={} stateSeq={} attempt={} backoffMillis={} reason={}",
          channel.name(), alarm.getAlarmId(), alarm.getStateSeq(), attempt, wait.toMillis(), reason);
      pause.pause(wait);
    }
  }

  /** Closes the channels (their connections). */
  @Override
  public void close() {
    channels.forEach(AlarmChannel::close);
  }

  private static DeliveryOutcome attempt(AlarmChannel channel, Alarm alarm) {
    try {
      return channel.deliver(alarm);
    } catch (RuntimeException e) {
      // A channel should turn failures into outcomes; one that throws is treated as a passing failure.
      return DeliveryOutcome.retryable("unexpected " + e);
    }
  }

  private void park(ConsumedAlert alert, String channel, String reason, int attempts) throws InterruptedException {
    ParkedAlarm parked = new ParkedAlarm(alert.patientKey(), alert.value(), channel, reason, attempts,
        alert.topic(), alert.partition(), alert.offset());
    for (int tries = 1; ; tries++) {
      try {
        parking.park(parked);
        events.parked(channel);
        LOG.warn("event=alarm_parked channel={} topic={} partition={} offset={} attempts={} reason={}",
            channel, alert.topic(), alert.partition(), alert.offset(), attempts, reason);
        return;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        // Parking is the last resort: the record is neither delivered nor parked, so keep trying.
        Duration wait = policy.backoffAfter(tries);
        LOG.error("event=alarm_park_failed channel={} partition={} offset={} backoffMillis={} error={}",
            channel, alert.partition(), alert.offset(), wait.toMillis(), e.toString());
        pause.pause(wait);
      }
    }
  }
}
