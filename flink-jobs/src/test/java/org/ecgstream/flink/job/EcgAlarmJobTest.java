package org.ecgstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ecgstream.flink.TestJobs;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alarm job's data flow on the Flink MiniCluster, fed with simulated 12-lead beds. */
@Timeout(180)
class EcgAlarmJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final long T0 = 1_700_000_000_000L;
  private static final AlarmJobConfig CONFIG = AlarmJobConfig.defaults("unused:9092");


  @Test
  void bedAt150BpmRaisesHeartRateHighBedAt200RaisesExtremeTachycardiaAndBedAt70RaisesNone() throws Exception {
    List<Alarm> alarms = run(
        BedScript.steady("dev-a", "patient-a", "bed-a", 150),
        BedScript.steady("dev-b", "patient-b", "bed-b", 70),
        BedScript.steady("dev-x", "patient-x", "bed-x", 200));

    List<Alarm> raisedForA = raised(alarms, "patient-a");
    assertThat(raisedForA).hasSize(1);
    assertThat(raisedForA.get(0).getKind()).isEqualTo(HeartRateLimitAlarms.HIGH);
    assertThat(raisedForA.get(0).getPriority()).isEqualTo(AlarmPriority.MEDIUM);
    assertThat(raisedForA.get(0).getValue()).isBetween(145.0, 155.0);
    assertThat(raisedForA.get(0).getEventTimeMillis() - T0).isLessThanOrEqualTo(15_000);
    assertThat(alarms).noneMatch(a -> a.getPatientId().equals("patient-b"));

    List<Alarm> raisedForX = raised(alarms, "patient-x");
    assertThat(raisedForX).extracting(Alarm::getKind, Alarm::getPriority)
        .containsExactly(tuple(HeartRateLimitAlarms.EXTREME_TACHYCARDIA, AlarmPriority.HIGH));
    assertThat(raisedForX.get(0).getValue()).isBetween(195.0, 205.0);
    assertThat(raisedForX.get(0).getEventTimeMillis() - T0).isLessThanOrEqualTo(15_000);
  }

  private static List<Alarm> raised(List<Alarm> alarms, String patient) {
    return alarms.stream().filter(a -> a.getPatientId().equals(patient) && a.getState() == AlarmState.RAISED).toList();
  }

  @Test
  void rateRisingMidRunRaisesAtTheChangeAndClearsWhenItFalls() throws Exception {
    BedScript script = new BedScript("dev-c", "patient-c", "bed-c", List.of(
        new RateChange(0, 70), new RateChange(30_000, 160), new RateChange(60_000, 75)));

    List<Alarm> alarms = run(script);

    assertThat(alarms).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
    long raisedAfterChange = alarms.get(0).getEventTimeMillis() - (T0 + 30_000);
    long clearedAfterFall = alarms.get(1).getEventTimeMillis() - (T0 + 60_000);
    assertThat(raisedAfterChange).isBetween(0L, 15_000L);
    assertThat(clearedAfterFall).isBetween(0L, 20_000L);
  }

  /** Runs 90 s of the given beds (12 leads, 500 Hz, 250 ms frames) through the job, bounded. */
  private static List<Alarm> run(BedScript... scripts) throws Exception {
    List<EcgFrame> frames = new ArrayList<>();
    long seed = 1;
    for (BedScript script : scripts) {
      SimulatedBed bed = new SimulatedBed(script, StandardLeads.TWELVE, 500, 250, T0, seed++);
      for (int i = 0; i < 360; i++) {
        EcgFrame frame = bed.nextFrame();
        frame.setPatientId(script.patientId());
        frame.setBedId(script.bedId());
        frames.add(frame);
      }
    }
    frames.sort(Comparator.comparingLong(EcgFrame::getDeviceTimeMillis));
    return TestJobs.alarmsFor(frames, 2, CONFIG);
  }
}
