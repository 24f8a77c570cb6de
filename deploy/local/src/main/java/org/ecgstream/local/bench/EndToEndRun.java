package org.ecgstream.local.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.local.demo.AlarmPrinter;
import org.ecgstream.local.demo.LocalPipeline;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * One end-to-end run on a Kafka cluster: simulated beds streaming 12-lead frames in real time to
 * ecg.raw, the ingest app and the alarm job (this JVM), and a read_committed consumer of
 * ecg.alerts ({@link AlarmPrinter}) that notes when each alarm arrives. Samples, every second, how far the ingest app and
 * the alarm job are behind the newest record of their input topics, and the process's CPU and heap.
 *
 * <p>A quarter of the beds each have one scripted event at a staggered time (asystole, VF, or a
 * rate of 150 bpm), so alarms arrive throughout the run; alarm latency is from the alarm's event
 * time (the device time of the frame that completed its evidence, published at that wall time by
 * the real-time simulator) to its arrival at the consumer.
 */
public final class EndToEndRun {

  /** What a run measured. */
  public record Result(int beds, double durationSeconds, long framesSent, double framesPerSecond, long publisherLagMillis,
      long maxIngestLagRecords, long maxJobLagRecords, double maxIngestLagSeconds, double maxJobLagSeconds,
      long finalJobLagRecords, List<Long> alarmLatenciesMillis, Map<String, List<Long>> latenciesByKindMillis,
      int eventsScripted, int eventsAlarmed, double meanCpuLoad, double maxCpuLoad, long maxHeapBytes, int processors) {

    /**
     * Real time kept: the publisher on schedule, both consumers within 5 s of the newest record,
     * and every scripted event alarmed (a job that processes frames but cannot commit its alerts
     * is not keeping up with anything).
     */
    public boolean keptRealTime() {
      return publisherLagMillis < 1000 && maxIngestLagSeconds < 5 && maxJobLagSeconds < 5 && eventsAlarmed == eventsScripted;
    }

    public long latencyPercentileMillis(double p) {
      return percentile(alarmLatenciesMillis, p);
    }

    /** The {@code p} quantile (nearest rank) of {@code millis}, -1 when empty. */
    public static long percentile(List<Long> millis, double p) {
      if (millis.isEmpty()) {
        return -1;
      }
      List<Long> sorted = new ArrayList<>(millis);
      sorted.sort(null);
      return sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1)));
    }
  }

  private EndToEndRun() {}

  /** The beds of a run: sinus at 60-99 bpm; every fourth bed one event, staggered over the run. */
  public static List<BedScript> beds(int count, Duration duration) {
    List<BedScript> out = new ArrayList<>();
    long span = Math.max(1, duration.toMillis() - 40_000);
    for (int i = 0; i < count; i++) {
      String n = String.format("%03d", i + 1);
      double bpm = 60 + (i * 13) % 40;
      long at = 15_000 + (i * 7_919L) % span;
      List<RateChange> changes = switch (i % 12) {
        case 0 -> List.of(new RateChange(0, bpm), new RateChange(at, bpm, Rhythm.ASYSTOLE), new RateChange(at + 10_000, bpm));
        case 4 -> List.of(new RateChange(0, bpm), new RateChange(at, bpm, Rhythm.VENTRICULAR_FIBRILLATION),
            new RateChange(at + 15_000, bpm));
        case 8 -> List.of(new RateChange(0, bpm), new RateChange(at, 150), new RateChange(at + 20_000, bpm));
        default -> List.of(new RateChange(0, bpm));
      };
      out.add(new BedScript("bench-monitor-" + n, "bench-patient-" + n, "bed-" + n, changes));
    }
    return out;
  }

  /** The alarm kind a bed's scripted event should raise, or null for a quiet bed. */
  static String expectedKind(BedScript bed) {
    for (RateChange c : bed.rateChanges()) {
      if (c.rhythm() == Rhythm.ASYSTOLE) {
        return RhythmAlarms.ASYSTOLE;
      }
      if (c.rhythm() == Rhythm.VENTRICULAR_FIBRILLATION) {
        return RhythmAlarms.VENTRICULAR_FIBRILLATION;
      }
      if (c.bpm() >= 150) {
        return HeartRateLimitAlarms.HIGH;
      }
    }
    return null;
  }

  public static Result run(String bootstrap, AlarmJobConfig jobConfig, int beds, Duration duration, int parallelism,
      java.io.PrintStream progress) throws Exception {
    List<BedScript> scripts = beds(beds, duration);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try (LocalPipeline pipeline = LocalPipeline.start(bootstrap, jobConfig, parallelism);
        AlarmPrinter alerts = new AlarmPrinter(bootstrap, EcgTopics.ALERTS.name(), new PrintStream(OutputStream.nullOutputStream()));
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        FleetPublisher publisher = new FleetPublisher(new FleetPublisher.Settings(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), 1.0))) {
      long start = System.currentTimeMillis() + 2_000;
      List<SimulatedBed> fleet = new ArrayList<>();
      for (BedScript s : scripts) {
        fleet.add(new SimulatedBed(s, StandardLeads.TWELVE, 500, 250, start, fleet.size() + 1));
      }
      AtomicLong lastLag = new AtomicLong();
      long[] maxIngestLag = {0};
      long[] maxJobLag = {0};
      List<Double> cpu = new ArrayList<>();
      long[] maxHeap = {0};
      Thread sampler = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            maxIngestLag[0] = Math.max(maxIngestLag[0], lag(admin, "ecg-ingest", EcgTopics.RAW.name()));
            maxJobLag[0] = Math.max(maxJobLag[0], lag(admin, jobConfig.transactionalIdPrefix() + "-frames", EcgTopics.FRAMES.name()));
            double load = os.getProcessCpuLoad();
            if (load >= 0) {
              cpu.add(load);
            }
            maxHeap[0] = Math.max(maxHeap[0], memory.getHeapMemoryUsage().getUsed());
            Thread.sleep(1000);
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            // a sample missed (for example while the group forms) is not a measurement
          }
        }
      }, "bench-sampler");
      sampler.setDaemon(true);
      while (System.currentTimeMillis() < start) {
        Thread.sleep(10);
      }
      long wall0 = System.nanoTime();
      sampler.start();
      long frames = publisher.run(fleet, duration, Duration.ofSeconds(10), p -> {
        lastLag.set(p.lagMillis());
        progress.printf("  %,d frames, %.0f frames/s, publisher lag %d ms%n", p.frames(), p.framesPerSecond(), p.lagMillis());
      });
      double seconds = (System.nanoTime() - wall0) / 1e9;
      // Let the last windows close and the last checkpoint commit.
      Thread.sleep(5_000);
      sampler.interrupt();
      sampler.join();
      long finalJobLag = lag(admin, jobConfig.transactionalIdPrefix() + "-frames", EcgTopics.FRAMES.name());

      int scripted = 0;
      int alarmed = 0;
      List<Long> latencies = new ArrayList<>();
      Map<String, List<Long>> byKind = new java.util.TreeMap<>();
      List<AlarmPrinter.Arrival> arrivals = alerts.arrivals();
      for (BedScript s : scripts) {
        String kind = expectedKind(s);
        if (kind == null) {
          continue;
        }
        scripted++;
        if (arrivals.stream().anyMatch(a -> a.alarm().getPatientId().equals(s.patientId())
            && a.alarm().getKind().equals(kind) && a.alarm().getState() == AlarmState.RAISED)) {
          alarmed++;
        }
      }
      for (AlarmPrinter.Arrival a : arrivals) {
        if (a.alarm().getState() == AlarmState.RAISED) {
          long latency = a.receivedMillis() - a.alarm().getEventTimeMillis();
          latencies.add(latency);
          byKind.computeIfAbsent(a.alarm().getKind(), k -> new ArrayList<>()).add(latency);
        }
      }
      double framesPerBedSecond = 4.0 * beds;
      return new Result(beds, seconds, frames, frames / seconds, lastLag.get(), maxIngestLag[0], maxJobLag[0],
          maxIngestLag[0] / framesPerBedSecond, maxJobLag[0] / framesPerBedSecond, finalJobLag, latencies, byKind, scripted, alarmed,
          cpu.stream().mapToDouble(d -> d).average().orElse(-1), cpu.stream().mapToDouble(d -> d).max().orElse(-1),
          maxHeap[0], Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * Records behind the newest offset of {@code topic} for a consumer group; a partition the group
   * has not committed for counts from its start (a job that never completes a checkpoint never
   * commits, and is behind by everything).
   */
  static long lag(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
    long lag = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
    }
    return lag;
  }
}
