package org.ecgstream.simulators.fleet;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a fleet of simulated beds to Kafka: first each bed's admission, then frames from every
 * bed tick by tick, paced to a multiple of real time (or as fast as possible).
 *
 * <p>The producer is idempotent with acks=all and retries, so a broker restart delays frames but
 * neither loses nor duplicates them.
 */
public final class FleetPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetPublisher.class);

  /**
   * Where to publish and how fast. {@code speed} 1.0 is real time; 0 means as fast as possible.
   * {@code faults} are injected on the way ({@link TransportFaults#NONE} for none).
   * {@code truthTopic}: where each frame's ground truth goes (EcgTruth, keyed by device id, never
   * subject to the faults: it is what the simulator knows, not what the device sent); null for none.
   */
  public record Settings(Map<String, Object> kafkaClientConfig, String rawTopic, String admissionsTopic, double speed,
      TransportFaults faults, String truthTopic) {
    public Settings {
      Objects.requireNonNull(kafkaClientConfig, "kafkaClientConfig");
      Objects.requireNonNull(faults, "faults");
      if (speed < 0 || Double.isNaN(speed)) {
        throw new IllegalArgumentException("speed must be >= 0 (0 = as fast as possible), got " + speed);
      }
    }

    /** Settings without ground truth. */
    public Settings(Map<String, Object> kafkaClientConfig, String rawTopic, String admissionsTopic, double speed,
        TransportFaults faults) {
      this(kafkaClientConfig, rawTopic, admissionsTopic, speed, faults, null);
    }

    /** Settings without faults or ground truth. */
    public Settings(Map<String, Object> kafkaClientConfig, String rawTopic, String admissionsTopic, double speed) {
      this(kafkaClientConfig, rawTopic, admissionsTopic, speed, TransportFaults.NONE, null);
    }
  }

  /** Progress so far, for the status line. */
  public record Progress(int beds, long frames, double framesPerSecond, long lagMillis) {}

  private final Settings settings;
  /** Also receives every frame's ground truth, in generation order (e.g. to write it to a file). */
  private Consumer<org.ecgstream.schemas.EcgTruth> truthListener = t -> { };
  private final KafkaProducer<String, byte[]> producer;
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private volatile boolean stopped;
  private final java.util.Random faultRandom;
  /** Frames held back by REORDER (per device) and LATE (due tick, record), sent later. */
  private final Map<String, ProducerRecord<String, byte[]>> reordered = new java.util.HashMap<>();
  private final java.util.TreeMap<Long, List<ProducerRecord<String, byte[]>>> late = new java.util.TreeMap<>();
  private long recordsSent;

  public FleetPublisher(Settings settings) {
    this.settings = settings;
    Map<String, Object> config = new java.util.HashMap<>(settings.kafkaClientConfig());
    config.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    // One request in flight per broker: a fresh topic's first batch meeting NOT_LEADER_OR_FOLLOWER
    // while later pipelined batches got through left the idempotent producer resending sequence 0
    // after the broker had accepted later ones, retried for ever (OutOfOrderSequenceException, seen
    // on the loaded 2-core machine). Batches of up to 16 kB at 5 ms linger carry a ward's frames easily.
    config.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ecg-simulator");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.faultRandom = new java.util.Random(settings.faults().seed());
  }

  /** Hands every frame's ground truth to {@code listener} as well, on the publishing thread, in generation order. */
  public FleetPublisher onTruth(Consumer<org.ecgstream.schemas.EcgTruth> listener) {
    this.truthListener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** Records written to the raw topic so far (frames, minus dropped, plus duplicates, malformed included). */
  public long recordsSent() {
    return recordsSent;
  }

  /**
   * Streams every bed for {@code duration} of device time, reporting progress to {@code status}
   * about every {@code statusEvery} of wall time. Returns the number of frames sent.
   */
  public long run(List<SimulatedBed> beds, Duration duration, Duration statusEvery, Consumer<Progress> status)
      throws InterruptedException {
    // Fetch every topic's partition leaders before the first send, so the first batches do not race
    // a freshly created topic's leader election.
    producer.partitionsFor(settings.rawTopic());
    producer.partitionsFor(settings.admissionsTopic());
    if (settings.truthTopic() != null) {
      producer.partitionsFor(settings.truthTopic());
    }
    for (SimulatedBed bed : beds) {
      producer.send(
          new ProducerRecord<>(settings.admissionsTopic(), bed.script().deviceId(), EcgSerdes.admissions().serialize(bed.admission())),
          this::recordFailure);
    }
    producer.flush();
    failIfSendFailed();

    int frameMillis = frameMillisOf(beds);
    long ticks = duration.toMillis() / frameMillis;
    long wallStartNanos = System.nanoTime();
    long nextStatusNanos = wallStartNanos + statusEvery.toNanos();
    long frames = 0;
    for (long tick = 0; tick < ticks && !stopped; tick++) {
      if (settings.speed() > 0) {
        long dueNanos = wallStartNanos + (long) (tick * frameMillis * 1_000_000L / settings.speed());
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
          Thread.sleep(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
        }
      }
      for (SimulatedBed bed : beds) {
        SimulatedBed.Tick simulated = bed.tick();
        EcgFrame frame = simulated.frame();
        truthListener.accept(simulated.truth());
        if (settings.truthTopic() != null) {
          producer.send(new ProducerRecord<>(settings.truthTopic(), null, frame.getDeviceTimeMillis(), frame.getDeviceId(),
              EcgSerdes.truth().serialize(simulated.truth())), this::recordFailure);
        }
        ProducerRecord<String, byte[]> record =
            new ProducerRecord<>(settings.rawTopic(), null, frame.getDeviceTimeMillis(), frame.getDeviceId(), EcgSerdes.frames().serialize(frame));
        if (settings.faults().any()) {
          sendWithFaults(record, tick, frameMillis);
        } else {
          send(record);
        }
        frames++;
      }
      List<ProducerRecord<String, byte[]>> due = late.remove(tick);
      if (due != null) {
        due.forEach(this::send);
      }
      failIfSendFailed();
      long now = System.nanoTime();
      if (now >= nextStatusNanos) {
        status.accept(progress(beds.size(), frames, tick, frameMillis, wallStartNanos, now));
        nextStatusNanos = now + statusEvery.toNanos();
      }
    }
    reordered.values().forEach(this::send);
    reordered.clear();
    late.values().forEach(records -> records.forEach(this::send));
    late.clear();
    producer.flush();
    failIfSendFailed();
    status.accept(progress(beds.size(), frames, ticks, frameMillis, wallStartNanos, System.nanoTime()));
    return frames;
  }

  private void send(ProducerRecord<String, byte[]> record) {
    producer.send(record, this::recordFailure);
    recordsSent++;
  }

  private void sendWithFaults(ProducerRecord<String, byte[]> record, long tick, int frameMillis) {
    ProducerRecord<String, byte[]> held = reordered.remove(record.key());
    switch (settings.faults().draw(faultRandom)) {
      case DROP -> { }
      case DUPLICATE -> {
        send(record);
        send(record);
      }
      case REORDER -> {
        if (held == null) {
          reordered.put(record.key(), record);
        } else {
          send(record);
        }
      }
      case LATE -> late.computeIfAbsent(tick + Math.max(1, settings.faults().lateByMillis() / frameMillis),
          t -> new java.util.ArrayList<>()).add(record);
      case MALFORMED -> send(new ProducerRecord<>(record.topic(), null, record.timestamp(), record.key(),
          TransportFaults.malform(record.value(), faultRandom)));
      case NONE -> send(record);
    }
    if (held != null) {
      send(held);
    }
  }

  /** Asks a running {@link #run} to stop after the current tick. */
  public void stop() {
    stopped = true;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  private Progress progress(int beds, long frames, long tick, int frameMillis, long startNanos, long nowNanos) {
    double wallSeconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    long lag = settings.speed() > 0
        ? Math.max(0, (long) (wallSeconds * 1000 * settings.speed()) - tick * frameMillis)
        : 0;
    return new Progress(beds, frames, frames / wallSeconds, lag);
  }

  private void recordFailure(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
    if (e != null && sendFailure.compareAndSet(null, e)) {
      LOG.error("event=simulator_send_failed cause={}", e.toString());
    }
  }

  private void failIfSendFailed() {
    Exception e = sendFailure.get();
    if (e != null) {
      throw new IllegalStateException("simulator could not publish to Kafka: " + e.getMessage()
          + " (is the broker at " + settings.kafkaClientConfig().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG) + " up?)", e);
    }
  }

  private static int frameMillisOf(List<SimulatedBed> beds) {
    if (beds.isEmpty()) {
      throw new IllegalArgumentException("no beds to simulate");
    }
    int[] distinct = beds.stream().mapToInt(SimulatedBed::frameMillis).distinct().toArray();
    if (distinct.length != 1) {
      throw new IllegalArgumentException("all beds of a run must use the same frame duration");
    }
    return distinct[0];
  }
}
