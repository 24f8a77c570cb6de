package org.ecgstream.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.SimulatedBed;

/**
 * The walking skeleton end to end against a Kafka cluster: simulated beds -> ecg.raw -> ingest ->
 * ecg.frames -> alarm job -> ecg.alerts, read back read_committed as a hospital system would.
 *
 * <p>Bed A is at 150 bpm (above the 120 limit, below the extreme 180) from the start. Bed B is at 70 bpm for 30 s and then at 150 bpm: its
 * alarm must come after the change, which proves that its 70 bpm half was processed and raised
 * nothing, and that the pipeline was live for it.
 */
final class EndToEndAlarmScenario {

  static final Duration RUN = Duration.ofSeconds(45);
  static final long B_RISES_AT_MILLIS = 30_000;

  private EndToEndAlarmScenario() {}

  static void runAgainst(String bootstrapServers, String idSuffix) throws Exception {
    AlarmJobConfig config = AlarmJobConfig.defaults(bootstrapServers).on(bootstrapServers, "e2e-" + idSuffix, Duration.ofMillis(500));
    try (LocalPipeline pipeline = LocalPipeline.start(bootstrapServers, config, 1);
        AlarmPrinter alerts = new AlarmPrinter(bootstrapServers, EcgTopics.ALERTS.name(), new PrintStream(OutputStream.nullOutputStream()))) {
      long start = System.currentTimeMillis();
      List<SimulatedBed> beds = List.of(
          new SimulatedBed(BedScript.steady("dev-a", "patient-a", "bed-a", 150), StandardLeads.TWELVE, 500, 250, start, 1),
          new SimulatedBed(new BedScript("dev-b", "patient-b", "bed-b",
              List.of(new RateChange(0, 70), new RateChange(B_RISES_AT_MILLIS, 150))), StandardLeads.TWELVE, 500, 250, start, 2));
      try (FleetPublisher publisher = new FleetPublisher(new FleetPublisher.Settings(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), 0))) {
        publisher.run(beds, RUN, Duration.ofMinutes(1), progress -> {});
      }

      Alarm a = awaitRaised(alerts, "patient-a", Duration.ofSeconds(90));
      Alarm b = awaitRaised(alerts, "patient-b", Duration.ofSeconds(90));

      assertThat(a.getKind()).isEqualTo(HeartRateLimitAlarms.HIGH);
      assertThat(a.getBedId()).isEqualTo("bed-a");
      assertThat(a.getEventTimeMillis() - start).as("bed A alarm delay in event time").isBetween(0L, 15_000L);
      assertThat(b.getEventTimeMillis() - start).as("bed B alarm, event time from start")
          .isBetween(B_RISES_AT_MILLIS, B_RISES_AT_MILLIS + 15_000L);
      assertThat(alerts.undecodable()).isZero();

      // The beds have stopped: once the frames' partitions go idle (5 s), nothing may behave as if
      // event time had jumped ahead. 45 s of signal cannot escalate an alarm (60 s unacknowledged);
      // an ESCALATED here would mean a control stream (admissions) pushed the watermark to the end
      // of time. Absence can only be waited for.
      Thread.sleep(EventTime.IDLE_AFTER.toMillis() + 5_000);
      assertThat(alerts.alarms()).noneMatch(x -> x.getState() == AlarmState.ESCALATED);
    }
  }

  private static Alarm awaitRaised(AlarmPrinter alerts, String patient, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Alarm> raised = alerts.alarms().stream()
          .filter(x -> x.getPatientId().equals(patient) && x.getState() == AlarmState.RAISED)
          .findFirst();
      if (raised.isPresent()) {
        return raised.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no alarm for " + patient + " within " + timeout + "; alarms seen: " + alerts.alarms());
  }
}
