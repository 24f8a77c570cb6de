package org.ecgstream.local.chaos;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.SimulatedBed;

/**
 * A scripted run of the whole pipeline with faults: beds stream through a broker (its log kept in
 * a directory, so it can be stopped and started again on the same port), the ingest app and the
 * alarm job; part way, the alarm job is killed and started again from its latest checkpoint, and
 * the broker is restarted. Afterwards every alarm state change on {@code ecg.alerts} is read
 * {@code read_committed}, as a hospital system would, for the caller to compare with the beds'
 * scripts: nothing lost, nothing twice.
 */
public final class ChaosRun {

  /** What happened to the alerts, and to the run. */
  public record Outcome(List<Alarm> alerts, int jobRestarts, int brokerRestarts, long framesSent) {

    /** Alarm state changes delivered more than once (same alarm id, state and sequence number). */
    public List<String> duplicates() {
      Map<String, Integer> seen = new HashMap<>();
      alerts.forEach(a -> seen.merge(a.getAlarmId() + "#" + a.getStateSeq() + "#" + a.getState(), 1, Integer::sum));
      return seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    /** The episodes raised for a patient of a kind. */
    public List<Alarm> raised(String patientId, String kind) {
      return alerts.stream().filter(a -> a.getState() == AlarmState.RAISED && a.getPatientId().equals(patientId)
          && a.getKind().equals(kind)).toList();
    }
  }

  private ChaosRun() {}

  /**
   * Streams {@code beds} for {@code duration} of device time at {@code speed} x real time; kills the
   * job after {@code killJobAfter} of wall time and restarts the broker after {@code restartBrokerAfter}.
   */
  public static Outcome run(List<BedScript> beds, Duration duration, double speed, Duration killJobAfter,
      Duration restartBrokerAfter, Path workDir, PrintStream log) throws Exception {
    Path brokerDir = workDir.resolve("broker");
    Path checkpoints = workDir.resolve("checkpoints");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.at(brokerDir, 0).start();
    int port = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
    String servers = broker.bootstrapServers();
    TopicProvisioner.ensureTopics(servers, EcgTopics.ALL);
    AlarmJobConfig config = AlarmJobConfig.defaults(servers).on(servers, "ecg-chaos", Duration.ofMillis(500));
    IngestApp ingest = new IngestApp(servers, workDir.resolve("streams"), Map.of(), new SimpleMeterRegistry());
    ingest.start();
    ingest.awaitRunning(Duration.ofSeconds(60));
    JobClient job = startJob(config, checkpoints, null);
    int jobRestarts = 0;
    int brokerRestarts = 0;
    long frames;
    try (FleetPublisher publisher = new FleetPublisher(new FleetPublisher.Settings(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), speed))) {
      long start = System.currentTimeMillis();
      List<SimulatedBed> fleet = new ArrayList<>();
      for (BedScript s : beds) {
        fleet.add(new SimulatedBed(s, StandardLeads.TWELVE, 500, 250, start, fleet.size() + 1));
      }
      long[] sent = {0};
      Thread streaming = new Thread(() -> {
        try {
          sent[0] = publisher.run(fleet, duration, Duration.ofSeconds(5),
              p -> log.printf("  chaos: %,d frames sent%n", p.frames()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "chaos-beds");
      streaming.start();
      long t0 = System.nanoTime();
      boolean killed = false;
      boolean restarted = false;
      while (streaming.isAlive()) {
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        if (!killed && elapsed >= killJobAfter.toMillis()) {
          killed = true;
          log.println("  chaos: killing the alarm job");
          job.cancel().get();
          Path latest = latestCheckpoint(checkpoints).orElseThrow(() ->
              new IllegalStateException("no completed checkpoint to restart the job from under " + checkpoints));
          log.println("  chaos: starting it again from " + latest.getFileName());
          job = startJob(config, checkpoints, latest);
          jobRestarts++;
        }
        if (!restarted && elapsed >= restartBrokerAfter.toMillis()) {
          restarted = true;
          log.println("  chaos: restarting the broker");
          broker.close();
          broker = EmbeddedKafkaBroker.at(brokerDir, port).start();
          brokerRestarts++;
        }
        streaming.join(100);
      }
      frames = sent[0];
      // Let the last windows close and the last transactions commit.
      Thread.sleep(8_000);
      List<Alarm> alerts = readCommitted(servers);
      return new Outcome(alerts, jobRestarts, brokerRestarts, frames);
    } finally {
      try {
        job.cancel().get();
      } catch (Exception e) {
        log.println("  chaos: the job had already stopped: " + e.getMessage());
      }
      ingest.close();
      broker.close();
    }
  }

  private static JobClient startJob(AlarmJobConfig config, Path checkpoints, Path restoreFrom) throws Exception {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 20);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
    if (restoreFrom != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    return EcgAlarmJob.onKafka(config).start(env, "ecg-alarms-chaos");
  }

  /** The newest completed checkpoint (a chk-N folder with its _metadata) of any job under {@code dir}. */
  static Optional<Path> latestCheckpoint(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    try (Stream<Path> all = Files.walk(dir, 3)) {
      return all.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
          .max(Comparator.comparingLong(p -> {
            try {
              return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
            } catch (IOException e) {
              return 0L;
            }
          }));
    }
  }

  private static List<Alarm> readCommitted(String servers) {
    List<Alarm> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
        ConsumerConfig.GROUP_ID_CONFIG, "ecg-chaos-reader-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(EcgTopics.ALERTS.name()).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long quietSince = System.nanoTime();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline && System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(EcgSerdes.alarms().deserialize(r.value()));
          quietSince = System.nanoTime();
        }
      }
    }
    return out;
  }
}
