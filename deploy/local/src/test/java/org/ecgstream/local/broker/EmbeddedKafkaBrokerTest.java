package org.ecgstream.local.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.core.topics.TopicSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class EmbeddedKafkaBrokerTest {

  @Test
  void startsServesAProduceConsumeRoundTripAndStopsWithoutLeakingThreadsOrFiles() throws Exception {
    Set<String> threadsBefore = liveThreadNames();
    Path logDir;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      logDir = broker.logDir();
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), List.of(new TopicSpec("roundtrip", 1, Map.of(), "test")));
      try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
          new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("roundtrip", "k" + i, "v" + i)).get();
        }
      }
      List<String> values = new ArrayList<>();
      try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-test",
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("roundtrip"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (values.size() < 10 && System.nanoTime() < deadline) {
          for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
            values.add(r.value());
          }
        }
      }
      assertThat(values).containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
      assertThat(logDir.resolve("meta.properties")).exists();
    }
    assertThat(logDir).doesNotExist();
    assertThat(awaitThreadsGone(threadsBefore, Duration.ofSeconds(20))).as("threads left running after close").isEmpty();
  }

  @Test
  void createsEveryTopicOfTheDesignWithItsPartitionsAndCompaction() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL); // idempotent
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        List<String> names = EcgTopics.ALL.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        for (TopicSpec spec : EcgTopics.ALL) {
          assertThat(described.get(spec.name()).partitions()).as(spec.name()).hasSize(spec.partitions());
          String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).get("cleanup.policy").value();
          assertThat(policy).as(spec.name()).isEqualTo(spec.compacted() ? "compact" : "delete");
        }
      }
    }
  }

  @Test
  void restartWithKeptLogDirectoryKeepsTheData() throws Exception {
    Path dir = Files.createTempDirectory("ecg-kafka-kept-");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.at(dir, 0).start();
    try {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), List.of(EcgTopics.ALERTS));
      broker.stopKeepingData();
      broker.start();
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get()).contains(EcgTopics.ALERTS.name());
      }
    } finally {
      broker.close();
      org.ecgstream.local.WorkDirectories.deleteRecursively(dir);
    }
  }

  private static Set<String> liveThreadNames() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
  }

  /** Threads started since {@code before} that are still alive after waiting up to {@code timeout}. */
  private static Set<String> awaitThreadsGone(Set<String> before, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> leaked;
    do {
      leaked = liveThreadNames().stream()
          .filter(name -> !before.contains(name))
          // JVM-wide pools that outlive any one client by design.
          .filter(name -> !name.startsWith("ForkJoinPool.commonPool") && !name.equals("process reaper"))
          .collect(Collectors.toSet());
      if (leaked.isEmpty()) {
        return leaked;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    return leaked;
  }
}
