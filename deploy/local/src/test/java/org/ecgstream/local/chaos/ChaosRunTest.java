package org.ecgstream.local.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #9's bounded chaos check: with the alarm job killed and restarted from its checkpoint, and
 * the broker restarted, every scripted alarm reaches a read_committed reader exactly once.
 */
@Timeout(240)
class ChaosRunTest {

  @Test
  void noAlarmIsLostOrDuplicatedWhenTheJobIsKilledAndTheBrokerRestarted(@TempDir Path dir) throws Exception {
    List<BedScript> beds = List.of(
        new BedScript("chaos-monitor-a", "chaos-patient-a", "bed-a", List.of(
            new RateChange(0, 70), new RateChange(20_000, 70, Rhythm.ASYSTOLE), new RateChange(32_000, 65))),
        new BedScript("chaos-monitor-b", "chaos-patient-b", "bed-b", List.of(
            new RateChange(0, 80), new RateChange(40_000, 80, Rhythm.VENTRICULAR_FIBRILLATION), new RateChange(55_000, 90))),
        new BedScript("chaos-monitor-c", "chaos-patient-c", "bed-c", List.of(
            new RateChange(0, 75), new RateChange(10_000, 150), new RateChange(50_000, 80))));

    ChaosRun.Outcome outcome = ChaosRun.run(beds, Duration.ofSeconds(70), 2.0, Duration.ofSeconds(12), Duration.ofSeconds(20),
        dir, System.out);

    assertThat(outcome.jobRestarts()).isEqualTo(1);
    assertThat(outcome.brokerRestarts()).isEqualTo(1);
    assertThat(outcome.duplicates()).as("state changes delivered twice").isEmpty();
    assertThat(outcome.raised("chaos-patient-a", RhythmAlarms.ASYSTOLE)).as("asystole").hasSize(1);
    assertThat(outcome.raised("chaos-patient-b", RhythmAlarms.VENTRICULAR_FIBRILLATION)).as("VF").hasSize(1);
    assertThat(outcome.raised("chaos-patient-c", HeartRateLimitAlarms.HIGH)).as("tachycardia").hasSize(1);
  }
}
