package org.ecgstream.local.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.local.WorkDirectories;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.fleet.TransportFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ingest on the embedded KRaft broker, exactly once, fed by the simulator with transport faults
 * on (dropped, duplicated, reordered, late and malformed frames): every record the simulator wrote
 * is accounted for, read back read_committed as downstream reads it:
 * frames out + dead-lettered + exact duplicates dropped = records in.
 */
class IngestFaultsIntegrationTest {

  private static final int BEDS = 6;
  private static final Duration DEVICE_TIME = Duration.ofSeconds(30);

  @Test
  @Timeout(90)
  void everyRecordOfAFaultyFleetIsAccountedForOnTheEmbeddedBroker() throws Exception {
    long started = System.nanoTime();
    Path stateDir = Files.createTempDirectory("ingest-it-");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      String bootstrap = broker.bootstrapServers();
      TopicProvisioner.ensureTopics(bootstrap, EcgTopics.ALL);
      Map<String, Object> settings = Map.of(
          IngestConfig.UNBOUND_HOLD.name(), "2000",
          "application.id", "ingest-it");
      try (IngestApp ingest = new IngestApp(bootstrap, stateDir, settings, new SimpleMeterRegistry())) {
        ingest.start();
        ingest.awaitRunning(Duration.ofSeconds(30));

        long start = System.currentTimeMillis();
        List<SimulatedBed> beds = new ArrayList<>();
        for (int b = 0; b < BEDS; b++) {
          beds.add(new SimulatedBed(BedScript.steady("dev-" + b, "patient-" + b, "bed-" + b, 60 + 10 * b),
              List.of(Lead.I, Lead.II, Lead.III), 500, 250, start, b));
        }
        long sent;
        try (FleetPublisher publisher = new FleetPublisher(new FleetPublisher.Settings(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), 0,
            TransportFaults.each(0.03, 7)))) {
          publisher.run(beds, DEVICE_TIME, Duration.ofMinutes(1), progress -> { });
          sent = publisher.recordsSent();
        }

        Outputs out = readUntilAccounted(bootstrap, ingest, sent, Duration.ofSeconds(45));
        System.out.printf("ingest-it: %d records sent, %d frames out (%d with a gap marker), %d dead letters %s, %d duplicates dropped%n",
            sent, out.frames, out.gapMarked, out.deadLetters, out.byReason, ingest.metrics().duplicatesDropped());

        assertThat(out.frames + out.deadLetters + ingest.metrics().duplicatesDropped())
            .as("frames %d + dead letters %d %s + duplicates dropped %d = records sent", out.frames, out.deadLetters,
                out.byReason, ingest.metrics().duplicatesDropped())
            .isEqualTo(sent);
        assertThat(ingest.metrics().recordsIn()).isEqualTo(sent);
        assertThat(out.duplicates).as("exact duplicates on ecg.frames").isEmpty();
        assertThat(out.withoutPatient).isZero();
        assertThat(out.gapMarked).as("frames marked with a gap before them").isPositive();
        assertThat(ingest.metrics().duplicatesDropped()).isPositive();
        assertThat(out.byReason).containsKeys("LATE", "UNDECODABLE");
        assertThat(ingest.isHealthy()).isTrue();
      }
    } finally {
      WorkDirectories.deleteRecursively(stateDir);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  @Timeout(90)
  void aReplacementInstanceCarriesOnFromTheChangeloggedStateWithoutLosingOrRepeatingFrames() throws Exception {
    long started = System.nanoTime();
    Path firstState = Files.createTempDirectory("ingest-it-a-");
    Path secondState = Files.createTempDirectory("ingest-it-b-");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      String bootstrap = broker.bootstrapServers();
      TopicProvisioner.ensureTopics(bootstrap, EcgTopics.ALL);
      Map<String, Object> settings = Map.of("application.id", "ingest-it-restart");
      long start = System.currentTimeMillis();
      List<SimulatedBed> beds = new ArrayList<>();
      for (int b = 0; b < 4; b++) {
        beds.add(new SimulatedBed(BedScript.steady("dev-" + b, "patient-" + b, "bed-" + b, 70),
            List.of(Lead.II), 500, 250, start, b));
      }
      FleetPublisher.Settings fleet = new FleetPublisher.Settings(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
          EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), 0, TransportFaults.each(0.03, 11));
      long sent;
      long duplicatesDropped;
      try (FleetPublisher publisher = new FleetPublisher(fleet)) {
        try (IngestApp first = new IngestApp(bootstrap, firstState, settings, new SimpleMeterRegistry())) {
          first.start();
          first.awaitRunning(Duration.ofSeconds(30));
          publisher.run(beds, Duration.ofSeconds(15), Duration.ofMinutes(1), progress -> { });
          long sentSoFar = publisher.recordsSent();
          Outputs half = readUntilAccounted(bootstrap, first, sentSoFar, Duration.ofSeconds(30));
          assertThat(half.frames + half.deadLetters + first.metrics().duplicatesDropped()).isEqualTo(sentSoFar);
          duplicatesDropped = first.metrics().duplicatesDropped();
        }
        // A new instance on another machine: empty state directory, state restored from the changelogs.
        try (IngestApp second = new IngestApp(bootstrap, secondState, settings, new SimpleMeterRegistry())) {
          second.start();
          second.awaitRunning(Duration.ofSeconds(30));
          publisher.run(beds, Duration.ofSeconds(15), Duration.ofMinutes(1), progress -> { });
          sent = publisher.recordsSent();
          Outputs all = readAll(bootstrap, second, sent, duplicatesDropped, Duration.ofSeconds(30));
          System.out.printf("ingest-it restart: %d records sent, %d frames out, %d dead letters %s, %d + %d duplicates dropped%n",
              sent, all.frames, all.deadLetters, all.byReason, duplicatesDropped, second.metrics().duplicatesDropped());
          assertThat(all.frames + all.deadLetters + duplicatesDropped + second.metrics().duplicatesDropped()).isEqualTo(sent);
          assertThat(all.duplicates).as("frames written twice").isEmpty();
          assertThat(second.metrics().recordsIn()).as("records the second instance read").isLessThan(sent);
        }
      }
    } finally {
      WorkDirectories.deleteRecursively(firstState);
      WorkDirectories.deleteRecursively(secondState);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
  }

  /** Reads both topics from the start until frames + dead letters + the duplicates dropped = {@code sent}. */
  private static Outputs readAll(String bootstrap, IngestApp ingest, long sent, long droppedBefore, Duration timeout) {
    Outputs out = new Outputs();
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-reader-all");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(EcgTopics.FRAMES.name(), EcgTopics.DLQ.name()));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline
          && out.frames + out.deadLetters + droppedBefore + ingest.metrics().duplicatesDropped() < sent) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
      }
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        out.add(r);
      }
    }
    return out;
  }

  /** Reads ecg.frames and ecg.dlq read_committed until every record sent is accounted for, or the deadline. */
  private static Outputs readUntilAccounted(String bootstrap, IngestApp ingest, long sent, Duration timeout) {
    Outputs out = new Outputs();
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "ingest-it-reader");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(EcgTopics.FRAMES.name(), EcgTopics.DLQ.name()));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline && out.frames + out.deadLetters + ingest.metrics().duplicatesDropped() < sent) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
      }
      // Anything beyond the expected count would show as a mismatch: read what else is there.
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        out.add(r);
      }
    }
    return out;
  }

  private static final class Outputs {
    long frames;
    long deadLetters;
    long withoutPatient;
    long gapMarked;
    final Map<String, Integer> byReason = new TreeMap<>();
    final Set<String> seen = new HashSet<>();
    final List<String> duplicates = new ArrayList<>();

    void add(ConsumerRecord<byte[], byte[]> r) {
      if (r.topic().equals(EcgTopics.FRAMES.name())) {
        frames++;
        EcgFrame f = EcgSerdes.frames().deserialize(r.value());
        if (f.getPatientId() == null) {
          withoutPatient++;
        }
        if (f.getQuality() != null && f.getQuality().getGapBeforeMillis() > 0) {
          gapMarked++;
        }
        String identity = f.getDeviceId() + "/" + f.getSeq() + "/" + f.getDeviceTimeMillis();
        if (!seen.add(identity)) {
          duplicates.add(identity);
        }
      } else {
        deadLetters++;
        RejectedRecord dead = EcgSerdes.rejectedRecords().deserialize(r.value());
        byReason.merge(dead.getReasonCode(), 1, Integer::sum);
      }
    }
  }
}
