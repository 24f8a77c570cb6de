package org.ecgstream.dashboard.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.dashboard.ward.WardState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the five topics the ward view is built from into {@link WardState}, on one thread. No
 * consumer group: every dashboard instance reads every partition, and where to start is decided
 * per topic: frames from now (only live signal is shown), alarm changes, labels and vitals from a
 * lookback (to rebuild active alarms, the latest labels and heart rates), model versions from the
 * beginning (compacted). Read committed, so alarm changes and vitals of an aborted job transaction
 * never show.
 */
public final class WardFeed implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WardFeed.class);

  /** Topic names and how far back to start reading them. */
  public record Topics(String frames, String alerts, String labels, String models, Duration alertsLookback,
      Duration labelsLookback, String vitals, Duration vitalsLookback) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final Topics topics;
  private final WardState ward;
  private final Clock clock;
  private volatile boolean running = true;
  private volatile boolean caughtUp;
  private volatile long recordsRead;
  private volatile long recordsUndecodable;
  private volatile int assignedPartitions;
  private volatile boolean stopped;
  private volatile String failure;

  public WardFeed(Map<String, Object> clientConfig, Topics topics, WardState ward, Clock clock) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "ecg-dashboard");
    config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.topics = topics;
    this.ward = ward;
    this.clock = clock;
  }

  @Override
  public void run() {
    try {
      assignAndSeek();
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          apply(r);
        }
        caughtUp = true;
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      failure = e.toString();
      LOG.error("event=dashboard_feed_failed error={}", e.toString(), e);
    } finally {
      stopped = true;
      assignedPartitions = 0;
      consumer.close();
      LOG.info("event=dashboard_feed_stopped records={} undecodable={}", recordsRead, recordsUndecodable);
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    recordsRead = recordsRead + 1; // one writer thread
    try {
      String topic = r.topic();
      if (topic.equals(topics.frames())) {
        ward.onFrame(EcgSerdes.frames().deserialize(r.value()));
      } else if (topic.equals(topics.alerts())) {
        ward.onAlarm(EcgSerdes.alarms().deserialize(r.value()));
      } else if (topic.equals(topics.labels())) {
        ward.onLabel(EcgSerdes.labels().deserialize(r.value()));
      } else if (topic.equals(topics.vitals())) {
        ward.onVitals(EcgSerdes.vitals().deserialize(r.value()));
      } else if (topic.equals(topics.models())) {
        ward.onModel(EcgSerdes.modelVersions().deserialize(r.value()));
      }
    } catch (RuntimeException e) {
      // A record the dashboard cannot read must not stop the ward view; the producers' own dead
      // letters and tests catch bad records. Count, log the place (no content), go on.
      recordsUndecodable = recordsUndecodable + 1; // one writer thread
      LOG.warn("event=dashboard_record_undecodable topic={} partition={} offset={} error={}",
          r.topic(), r.partition(), r.offset(), e.getClass().getSimpleName());
    }
  }

  /** Waits until all five topics exist (the pipeline may create them after the dashboard starts). */
  private void assignAndSeek() {
    List<TopicPartition> frames = partitions(topics.frames());
    List<TopicPartition> alerts = partitions(topics.alerts());
    List<TopicPartition> labels = partitions(topics.labels());
    List<TopicPartition> models = partitions(topics.models());
    List<TopicPartition> vitals = partitions(topics.vitals());
    List<TopicPartition> all = new ArrayList<>();
    all.addAll(vitals);
    all.addAll(frames);
    all.addAll(alerts);
    all.addAll(labels);
    all.addAll(models);
    consumer.assign(all);
    consumer.seekToEnd(frames);
    consumer.seekToBeginning(models);
    seekBack(alerts, topics.alertsLookback());
    seekBack(labels, topics.labelsLookback());
    seekBack(vitals, topics.vitalsLookback());
    assignedPartitions = all.size();
    LOG.info("event=dashboard_feed_assigned partitions={}", all.size());
  }

  private void seekBack(List<TopicPartition> partitions, Duration lookback) {
    long from = clock.millis() - lookback.toMillis();
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(p -> query.put(p, from));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
    List<TopicPartition> none = new ArrayList<>();
    offsets.forEach((p, o) -> {
      if (o == null) {
        none.add(p); // nothing that recent: start at the end
      } else {
        consumer.seek(p, o.offset());
      }
    });
    consumer.seekToEnd(none);
  }

  private List<TopicPartition> partitions(String topic) {
    while (running) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      } catch (org.apache.kafka.common.errors.TimeoutException e) {
        // Kafka not reachable yet (the dashboard may start before the brokers): keep asking, stay not ready.
        LOG.info("event=dashboard_waiting_for_kafka topic={} error={}", topic, e.getMessage());
        continue;
      }
      if (infos != null && !infos.isEmpty()) {
        List<TopicPartition> out = new ArrayList<>();
        infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
        return out;
      }
      LOG.info("event=dashboard_waiting_for_topic topic={}", topic);
      try {
        Thread.sleep(1000); // the topic does not exist yet; ask again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WakeupException();
      }
    }
    throw new WakeupException();
  }

  /** Records read since start (the bench's consumed rate). */
  public long recordsRead() {
    return recordsRead;
  }

  /** Records skipped because they could not be decoded. */
  public long recordsUndecodable() {
    return recordsUndecodable;
  }

  /** Partitions assigned to the consumer: 0 until all five topics exist, and after the feed stopped. */
  public int assignedPartitions() {
    return assignedPartitions;
  }

  /** Why the feed stopped, if it stopped; empty while it runs. */
  public java.util.Optional<String> stoppedBecause() {
    return stopped ? java.util.Optional.of(failure == null ? "closed" : failure) : java.util.Optional.empty();
  }

  /** The consumer, for Kafka's client metrics (records-lag-max and the like); read only, never polled outside the feed. */
  public KafkaConsumer<String, byte[]> consumer() {
    return consumer;
  }

  /** Whether the first poll after assignment has completed (tests and the bench wait for it). */
  public boolean caughtUp() {
    return caughtUp;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
