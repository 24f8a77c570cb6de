package org.ecgstream.local.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/**
 * The {@code ecg.models} topic as the registry's log: {@link #history()} reads every committed
 * record from the beginning ({@code read_committed}) up to the end it finds; {@link #append} writes
 * one record under its key {@code NAME/STAGE} and waits for the broker's acknowledgement.
 */
public final class ModelRegistryLog {

  private static final Duration READ_DEADLINE = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final String topic;

  public ModelRegistryLog(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    AvroSafety.install();
  }

  /** Every readable record of the topic in offset order (one partition: the order they were written). */
  public List<ModelVersion> history() {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (partitions == null || partitions.isEmpty()) {
        return List.of();
      }
      List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
      List<ModelVersion> records = new ArrayList<>();
      long deadline = System.nanoTime() + READ_DEADLINE.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within " + READ_DEADLINE.toSeconds()
              + " s from " + bootstrapServers + " (is the broker reachable?)");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue;
          }
          try {
            records.add(EcgSerdes.modelVersions().deserialize(r.value()));
          } catch (RecordDecodingException e) {
            System.err.println("models: skipped unreadable record at " + topic + "/" + r.partition() + "@" + r.offset()
                + ": " + e.getMessage());
          }
        }
      }
      return records;
    }
  }

  /** Writes {@code version} under {@code NAME/STAGE}, waiting for the acknowledgement. */
  public void append(ModelVersion version) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true), new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, ModelRegistryEvents.key(version),
          EcgSerdes.modelVersions().serialize(version))).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot write to " + topic + " on " + bootstrapServers + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing to " + topic, e);
    }
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
