package org.ecgstream.simulators.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.serde.EcgSerdes;

/**
 * Sends reports to {@code ecg.reports} (keyed by record id) when they are signed, on the same
 * clock as the beds: a report signed {@code d} ms of device time after the run's start goes out
 * {@code d / speed} ms of wall time after {@link #start} (speed 0: at once). Runs on its own thread so
 * the frames never wait for it.
 */
public final class ReportPublisher implements AutoCloseable {

  /** The producer's delivery.timeout.ms (Kafka's default, set explicitly below). */
  static final int DELIVERY_TIMEOUT_MILLIS = 120_000;

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final double speed;
  private final List<EcgReport> reports;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean stopped;
  private Thread thread;

  /**
   * @param kafkaClientConfig producer settings (bootstrap servers at least)
   * @param topic the reports topic
   * @param speed multiple of real time the beds run at; 0 = as fast as possible
   * @param reports the reports to send, any order
   */
  public ReportPublisher(Map<String, Object> kafkaClientConfig, String topic, double speed, List<EcgReport> reports) {
    if (speed < 0 || Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), got " + speed);
    }
    Map<String, Object> config = new HashMap<>(kafkaClientConfig);
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ecg-report-simulator");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MILLIS);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
    this.speed = speed;
    List<EcgReport> sorted = new ArrayList<>(reports);
    sorted.sort(Comparator.comparingLong(EcgReport::getSignedAtMillis));
    this.reports = List.copyOf(sorted);
  }

  /** Starts sending; {@code runStartMillis} is the device time the beds started at. */
  public synchronized void start(long runStartMillis) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    long wallStartNanos = System.nanoTime();
    thread = new Thread(() -> {
      try {
        for (EcgReport report : reports) {
          if (stopped) {
            break;
          }
          if (speed > 0) {
            long dueNanos = wallStartNanos
                + (long) ((report.getSignedAtMillis() - runStartMillis) * 1_000_000L / speed);
            long waitNanos = dueNanos - System.nanoTime();
            if (waitNanos > 0) {
              // Pacing to the device clock, not synchronisation: this is the simulated cardiologist's pace.
              TimeUnit.NANOSECONDS.sleep(waitNanos);
            }
          }
          producer.send(new ProducerRecord<>(topic, report.getRecordId(), EcgSerdes.reports().serialize(report)),
              (metadata, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                } else {
                  sent.incrementAndGet();
                }
              });
        }
        producer.flush();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        done.countDown();
      }
    }, "report-simulator");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * How long to wait, after the signal ends, for the last reports: their delay on the beds' clock
   * (nothing at speed 0) plus the producer's delivery timeout, within which a send either lands or
   * fails (a loaded broker makes the producer retry).
   */
  public static long sendingMillis(java.time.Duration delay, double speed) {
    return (speed == 0 ? 0 : (long) (delay.toMillis() / speed)) + DELIVERY_TIMEOUT_MILLIS;
  }

  /** Reports to send in all. */
  public int total() {
    return reports.size();
  }

  /** Reports acknowledged by the broker so far. */
  public long sent() {
    return sent.get();
  }

  /**
   * Waits until every report has been sent, at most {@code timeoutMillis}.
   *
   * @return whether all were sent
   * @throws IllegalStateException when a send failed
   */
  public boolean awaitAll(long timeoutMillis) throws InterruptedException {
    boolean finished = done.await(timeoutMillis, TimeUnit.MILLISECONDS);
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("could not send a report to " + topic + ": " + e.getMessage(), e);
    }
    return finished && sent.get() == reports.size();
  }

  /** Stops sending; reports not yet signed are never sent (as when the run ends before the cardiologist). */
  public void stop() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    Thread t = thread;
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    producer.close();
  }
}
