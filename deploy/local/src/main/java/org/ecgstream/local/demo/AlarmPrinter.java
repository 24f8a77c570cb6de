package org.ecgstream.local.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/**
 * Follows the alerts topic as a hospital system would (read_committed) and prints each alarm state
 * change as one line: time, bed, priority, kind, state, value.
 */
public final class AlarmPrinter implements AutoCloseable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private final KafkaConsumer<String, byte[]> consumer;
  private final PrintStream out;
  private final List<Arrival> seen = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile int undecodable;

  public AlarmPrinter(String bootstrapServers, String alertsTopic, PrintStream out) {
    this.out = out;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "ecg-demo-printer-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(alertsTopic));
    this.thread = new Thread(this::follow, "alarm-printer");
    thread.setDaemon(true);
    thread.start();
  }

  /** An alarm state change and when it was read ({@link System#currentTimeMillis()}). */
  public record Arrival(Alarm alarm, long receivedMillis) {}

  /** Every alarm state change read so far. */
  public List<Alarm> alarms() {
    return seen.stream().map(Arrival::alarm).toList();
  }

  /** The same, with when each was read: what alarm latency is measured to. */
  public List<Arrival> arrivals() {
    return List.copyOf(seen);
  }

  public int undecodable() {
    return undecodable;
  }

  /** One readable line for an alarm state change. */
  public static String format(Alarm alarm) {
    String value = alarm.getValue() == null ? ""
        : String.format(java.util.Locale.ROOT, Math.abs(alarm.getValue()) < 10 ? "%.2f %s" : "%.0f %s", alarm.getValue(),
            alarm.getUnit() == null ? "" : alarm.getUnit()).trim();
    return String.format("%s  %-8s %-6s %-24s %-12s %-8s %s",
        TIME.format(Instant.ofEpochMilli(alarm.getEventTimeMillis())),
        // Alarms from before labels carried the bed know only the patient.
        alarm.getBedId() != null ? alarm.getBedId() : alarm.getPatientId() == null ? "-" : alarm.getPatientId(),
        alarm.getPriority(), alarm.getKind(), alarm.getState(), value, alarm.getMessage());
  }

  private void follow() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          try {
            Alarm alarm = EcgSerdes.alarms().deserialize(record.value());
            seen.add(new Arrival(alarm, System.currentTimeMillis()));
            out.println(format(alarm));
          } catch (RecordDecodingException e) {
            undecodable++;
            out.println("(unreadable alert at offset " + record.offset() + ": " + e.reason() + ")");
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  @Override
  public void close() {
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
