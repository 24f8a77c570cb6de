package org.ecgstream.local.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.serde.EcgSerdes;

/**
 * What the model said during a demo: reads the committed zero-shot labels once, to the end of the
 * topic, and sums them up per patient (windows labelled, the model version, the mean score of each
 * label).
 */
public final class LabelSummary {

  /** One patient's labels. */
  public record PatientLabels(String patientId, int windows, String model, Map<String, Double> meanScores) {}

  private LabelSummary() {}

  /** Every committed label on {@code topic}, summed up per patient in patient order. */
  public static List<PatientLabels> read(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, String> models = new TreeMap<>();
    Map<String, Map<String, Double>> sums = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          EcgLabel label = EcgSerdes.labels().deserialize(record.value());
          String patient = label.getPatientId();
          counts.computeIfAbsent(patient, p -> new int[1])[0]++;
          models.put(patient, label.getModelName() + " " + label.getModelVersion());
          Map<String, Double> s = sums.computeIfAbsent(patient, p -> new TreeMap<>());
          for (LabelScore score : label.getScores()) {
            s.merge(score.getLabel(), (double) score.getScore(), Double::sum);
          }
        }
      }
    }
    return counts.keySet().stream().map(p -> {
      int n = counts.get(p)[0];
      Map<String, Double> mean = new TreeMap<>();
      sums.get(p).forEach((label, sum) -> mean.put(label, sum / n));
      return new PatientLabels(p, n, models.get(p), mean);
    }).toList();
  }
}
