package org.ecgstream.flink.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ecgstream.flink.TestJobs;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The heart-rate limit state machine, driven by sequences of window rates. */
@Timeout(120)
class HeartRateLimitAlarmsTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  @Test
  void rateAboveHighLimitRaisesOneMediumAlarmAndClearsAfterTwoWindowsBackInside() throws Exception {
    List<Alarm> alarms = run(rates("p1", 70, 70, 150, 155, 150, 110, 100, 90));

    assertThat(alarms).extracting(Alarm::getKind, Alarm::getState, Alarm::getStateSeq)
        .containsExactly(
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.RAISED, 0),
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.CLEARED, 1));
    assertThat(alarms.get(0).getPriority()).isEqualTo(AlarmPriority.MEDIUM);
    assertThat(alarms.get(0).getValue()).isEqualTo(150.0);
    assertThat(alarms.get(0).getLimit()).isEqualTo(120.0);
    assertThat(alarms.get(0).getOnsetTimeMillis()).isEqualTo(6_000L);
    assertThat(alarms.get(1).getAlarmId()).isEqualTo(alarms.get(0).getAlarmId());
    // Back inside (by the 5 bpm margin) at 12 s (110 bpm) and 14 s (100 bpm): cleared at the second.
    assertThat(alarms.get(1).getEventTimeMillis()).isEqualTo(14_000L);
  }

  @Test
  void rateHoveringJustInsideTheLimitDoesNotClear() throws Exception {
    // 118 bpm is inside 120 but within the 5 bpm hysteresis margin: the episode stays open.
    List<Alarm> alarms = run(rates("p1", 130, 118, 118, 118, 118));

    assertThat(alarms).extracting(Alarm::getState).containsExactly(AlarmState.RAISED);
  }

  @Test
  void rateInsideLimitsRaisesNothing() throws Exception {
    assertThat(run(rates("p1", 51, 60, 119, 80, 70))).isEmpty();
  }

  @Test
  void swingFromHighToLowClearsTheFirstEpisodeAndRaisesTheOther() throws Exception {
    List<Alarm> alarms = run(rates("p1", 140, 40));

    assertThat(alarms).extracting(Alarm::getKind, Alarm::getState)
        .containsExactly(
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.RAISED),
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.CLEARED),
            tuple(HeartRateLimitAlarms.LOW, AlarmState.RAISED));
  }

  @Test
  void patientsAreJudgedIndependently() throws Exception {
    List<HeartRate> input = new ArrayList<>(rates("p1", 150, 150));
    input.addAll(rates("p2", 70, 70));
    assertThat(run(input)).extracting(Alarm::getPatientId).containsExactly("p1");
  }

  private static List<HeartRate> rates(String patient, double... bpm) {
    List<HeartRate> out = new ArrayList<>();
    for (int i = 0; i < bpm.length; i++) {
      long end = 2_000L * (i + 1);
      out.add(new HeartRate(patient, "bed-" + patient, end - 10_000, end, bpm[i], 12));
    }
    return out;
  }

  private static List<Alarm> run(List<HeartRate> rates) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(1);
    List<Alarm> out = new ArrayList<>();
    env.fromData(rates, TypeInformation.of(HeartRate.class))
        .keyBy(r -> r.patientId)
        .process(new HeartRateLimitAlarms(50, 120))
        .executeAndCollect()
        .forEachRemaining(out::add);
    return out;
  }
}
