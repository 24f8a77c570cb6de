package org.ecgstream.bridge.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecgstream.bridge.delivery.ConsumedAlert;
import org.ecgstream.bridge.delivery.DeliveryLanes;
import org.ecgstream.bridge.delivery.RecordDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert bridge: consumes the alerts topic, hands each record to its patient's delivery lane and
 * commits a partition's offset only up to the oldest record not yet delivered or parked, so that
 * after a crash or restart every state change is delivered at least once (receivers recognise a
 * repeat by its message id).
 *
 * <p>{@code alerts -> lanes (per patient, in order) -> channels (HL7, FHIR) | park topic}. When more
 * than {@code maxInFlight} records are in delivery the consumer pauses instead of buffering.
 */
public final class AlertBridge implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertBridge.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final Consumer<String, byte[]> consumer;
  private final String alertsTopic;
  private final int maxInFlight;
  private final Duration drainTimeout;
  private final OffsetTracker offsets = new OffsetTracker();
  private final DeliveryLanes lanes;
  private final CountDownLatch stopped = new CountDownLatch(1);
  // Written by the consumer thread (rebalance callbacks), read by health probes.
  private final Set<TopicPartition> ownedPartitions = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  /**
   * @param deliveryForLane builds the delivery (with its own channel instances) of lane {@code i}
   */
  public AlertBridge(Consumer<String, byte[]> consumer, String alertsTopic, int lanes, int maxInFlight,
      Duration drainTimeout, IntFunction<RecordDelivery> deliveryForLane) {
    this.consumer = consumer;
    this.alertsTopic = alertsTopic;
    this.maxInFlight = maxInFlight;
    this.drainTimeout = drainTimeout;
    this.lanes = new DeliveryLanes(lanes, deliveryForLane,
        alert -> offsets.finished(new TopicPartition(alert.topic(), alert.partition()), alert.offset()));
  }

  /** A consumer for the bridge: manual commits, read_committed, from the earliest offset of a new group. */
  public static KafkaConsumer<String, byte[]> consumer(Map<String, Object> clientConfig, String groupId) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ecg-alert-bridge");
    return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(alertsTopic), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
          commit();
          offsets.forget(partitions);
          ownedPartitions.removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          ownedPartitions.addAll(partitions);
          LOG.info("event=bridge_partitions_assigned topic={} partitions={}", alertsTopic, partitions.size());
        }
      });
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
          offsets.started(new TopicPartition(r.topic(), r.partition()), r.offset());
          lanes.submit(new ConsumedAlert(r.topic(), r.partition(), r.offset(), r.key(), r.value()));
        }
        commit();
        throttle();
      }
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("event=bridge_failed error={}", e.toString(), e);
    } finally {
      drainAndClose();
      stopped.countDown();
    }
  }

  private void throttle() {
    Set<TopicPartition> assigned = consumer.assignment();
    if (offsets.inFlight() >= maxInFlight) {
      consumer.pause(assigned);
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> advanced = offsets.advanced();
    if (advanced.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(advanced);
      offsets.committed(advanced);
    } catch (RetriableCommitFailedException | CommitFailedException | RebalanceInProgressException e) {
      // The group is rebalancing: the next commit (or the new owner) covers these records; at worst
      // they are delivered twice, never lost.
      LOG.warn("event=bridge_commit_deferred partitions={} error={}", advanced.size(), e.getClass().getSimpleName());
    }
  }

  /** Why the bridge stopped by itself, if it did (null while running or after a requested stop). */
  public RuntimeException failure() {
    return failure;
  }

  private void drainAndClose() {
    long end = System.nanoTime() + drainTimeout.toNanos();
    try {
      while (offsets.inFlight() > 0 && System.nanoTime() < end) {
        commit();
        Thread.sleep(20); // lanes finishing what they hold, bounded by drainTimeout
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("event=bridge_drain_failed error={}", e.toString());
    } finally {
      lanes.close();
      try {
        commit();
      } catch (RuntimeException e) {
        LOG.warn("event=bridge_final_commit_failed error={}", e.toString());
      }
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      LOG.info("event=bridge_stopped unfinished={}", offsets.inFlight());
    }
  }

  /** Partitions of the alerts topic this bridge's consumer holds now (0 before it joined the group). */
  public int assignedPartitions() {
    return ownedPartitions.size();
  }

  /** True from start until the loop ends (requested stop or failure). */
  public boolean isRunning() {
    return running && stopped.getCount() > 0 && failure == null;
  }

  /** Records in delivery now (consumed, not yet delivered or parked everywhere). */
  public int inFlight() {
    return offsets.inFlight();
  }

  /** Stops consuming (call it from another thread than {@link #run}), lets the lanes finish for up to the drain time-out, commits, and returns when stopped. */
  @Override
  public void close() {
    // No wakeup(): it would also abort the final commits; the loop sees the flag within one poll.
    running = false;
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

}
