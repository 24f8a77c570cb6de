package org.ecgstream.flink.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmLimits;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.AvroSafety;
import org.junit.jupiter.api.Test;

/**
 * The heart-rate limit state machine, driven by running rates (one every 250 ms frame, as the
 * rhythm analysis emits them) and admissions, in the exact order given, through Flink's keyed
 * two-input operator harness. {@code rates(...)} holds each rate for 2 s (8 frames).
 */
class HeartRateLimitAlarmsTest {

  static {
    AvroSafety.install();
  }

  @Test
  void rateAboveHighLimitForASecondRaisesOneMediumAlarmAndClearsAfterTwoSecondsBackInside() throws Exception {
    List<Alarm> alarms = run(rates("p1", 70, 70, 150, 155, 150, 110, 100, 90));

    assertThat(alarms).extracting(Alarm::getKind, Alarm::getState, Alarm::getStateSeq)
        .containsExactly(
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.RAISED, 0),
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.CLEARED, 1));
    assertThat(alarms.get(0).getPriority()).isEqualTo(AlarmPriority.MEDIUM);
    assertThat(alarms.get(0).getValue()).isEqualTo(150.0);
    assertThat(alarms.get(0).getLimit()).isEqualTo(120.0);
    // Above 120 from the frame ending at 4.25 s: raised 1 s later.
    assertThat(alarms.get(0).getOnsetTimeMillis()).isEqualTo(5_250L);
    assertThat(alarms.get(1).getAlarmId()).isEqualTo(alarms.get(0).getAlarmId());
    // Back inside (by the 5 bpm margin) from 10.25 s (110 bpm): cleared 2 s later.
    assertThat(alarms.get(1).getEventTimeMillis()).isEqualTo(12_250L);
  }

  @Test
  void theEpisodeClearsTwoSecondsAfterTheRateIsFirstWellInside() throws Exception {
    List<Alarm> alarms = run(frames("p1", 250, 150, 150, 150, 150, 150, 150, 110, 110, 110, 110, 110, 110, 110, 110, 110, 110));

    assertThat(alarms).extracting(Alarm::getState, Alarm::getEventTimeMillis)
        .containsExactly(tuple(AlarmState.RAISED, 1_250L), tuple(AlarmState.CLEARED, 1_750L + 2_000L));
  }

  @Test
  void aRateBackInTheTierBeforeTheTwoSecondsStartsTheHysteresisAgain() throws Exception {
    List<Alarm> alarms = run(frames("p1", 250, 150, 150, 150, 150, 150, 150, 110, 110, 110, 110, 150,
        110, 110, 110, 110, 110, 110, 110, 110, 110, 110));

    // Well inside from 1.75 s, back above 120 at 2.75 s, well inside again from 3 s: cleared at 5 s.
    assertThat(alarms).extracting(Alarm::getState, Alarm::getEventTimeMillis)
        .containsExactly(tuple(AlarmState.RAISED, 1_250L), tuple(AlarmState.CLEARED, 5_000L));
  }

  @Test
  void aRateAboveTheLimitForLessThanASecondRaisesNothing() throws Exception {
    // The running median of an irregular rhythm poking above the limit for three frames.
    assertThat(run(frames("p1", 250, 110, 110, 110, 110, 125, 126, 125, 110, 110, 110, 110, 110, 110))).isEmpty();
  }

  @Test
  void aGapInTheValidRatesLongerThanTheOnsetStartsTheRunAgain() throws Exception {
    // 130 bpm at 0.25 s, then no valid rate (noise) until 2 s, then 130 bpm every frame: raised 1 s after 2 s.
    List<HeartRate> rates = new ArrayList<>(frames("p1", 250, 130));
    rates.addAll(frames("p1", 2_000, 130, 130, 130, 130, 130, 130));

    assertThat(run(rates)).extracting(Alarm::getState, Alarm::getEventTimeMillis)
        .containsExactly(tuple(AlarmState.RAISED, 3_000L));
  }

  @Test
  void rateHoveringJustInsideTheLimitDoesNotClear() throws Exception {
    // 118 bpm is inside 120 but within the 5 bpm hysteresis margin: the episode stays open.
    List<Alarm> alarms = run(rates("p1", 130, 118, 118, 118, 118));

    assertThat(alarms).extracting(Alarm::getState).containsExactly(AlarmState.RAISED);
  }

  @Test
  void rateInsideLimitsRaisesNothing() throws Exception {
    assertThat(run(rates("p1", 51, 60, 119, 80, 70, 41))).extracting(Alarm::getKind)
        .containsExactly(HeartRateLimitAlarms.LOW);
    assertThat(run(rates("p1", 51, 60, 119, 80, 70))).isEmpty();
  }

  @Test
  void swingFromHighToLowClearsTheFirstEpisodeAndRaisesTheOther() throws Exception {
    List<Alarm> alarms = run(rates("p1", 140, 45));

    assertThat(alarms).extracting(Alarm::getKind, Alarm::getState)
        .containsExactly(
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.RAISED),
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.CLEARED),
            tuple(HeartRateLimitAlarms.LOW, AlarmState.RAISED));
  }

  @Test
  void rateAboveTheExtremeLimitForASecondEscalatesToHighPriorityExtremeTachycardia() throws Exception {
    List<Alarm> alarms = run(rates("p1", 150, 190, 195));

    // Above 180 from 2.25 s: 1 s later the extreme alarm replaces the MEDIUM one.
    assertThat(alarms).extracting(Alarm::getKind, Alarm::getState, Alarm::getPriority, Alarm::getEventTimeMillis)
        .containsExactly(
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.RAISED, AlarmPriority.MEDIUM, 1_250L),
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.CLEARED, AlarmPriority.MEDIUM, 3_250L),
            tuple(HeartRateLimitAlarms.EXTREME_TACHYCARDIA, AlarmState.RAISED, AlarmPriority.HIGH, 3_250L));
    assertThat(alarms.get(2).getLimit()).isEqualTo(180.0);
    assertThat(alarms.get(2).getMessage()).startsWith("EXTREME TACHYCARDIA: heart rate 190.0 bpm above limit 180");
  }

  @Test
  void extremeTachycardiaEasingToAMerelyHighRateHandsOverAfterTheHysteresis() throws Exception {
    // 185 extreme; 178 is inside 180 but within the margin; 170 (from 4.25 s) and 160 are well
    // inside: the extreme episode clears 2 s later and the MEDIUM high-rate alarm follows at once.
    List<Alarm> alarms = run(rates("p1", 185, 178, 170, 160, 150));

    assertThat(alarms).extracting(Alarm::getKind, Alarm::getState, Alarm::getEventTimeMillis)
        .containsExactly(
            tuple(HeartRateLimitAlarms.EXTREME_TACHYCARDIA, AlarmState.RAISED, 1_250L),
            tuple(HeartRateLimitAlarms.EXTREME_TACHYCARDIA, AlarmState.CLEARED, 6_250L),
            tuple(HeartRateLimitAlarms.HIGH, AlarmState.RAISED, 6_250L));
  }

  @Test
  void rateBelowTheExtremeLimitIsHighPriorityExtremeBradycardia() throws Exception {
    List<Alarm> alarms = run(rates("p1", 70, 35));

    assertThat(alarms).extracting(Alarm::getKind, Alarm::getPriority, Alarm::getLimit)
        .containsExactly(tuple(HeartRateLimitAlarms.EXTREME_BRADYCARDIA, AlarmPriority.HIGH, 40.0));
  }

  @Test
  void anAdmissionsLimitsApplyToItsPatientOnly() throws Exception {
    // p1 is an athlete admitted with a low limit of 38 and extreme low of 30; p2 keeps the defaults.
    List<Object> input = new ArrayList<>();
    input.add(admission("monitor-7", "p1", limits(30, 38, null, null)));
    input.addAll(rates("p1", 45, 42, 36));
    input.addAll(rates("p2", 45));

    List<Alarm> alarms = run(input);

    assertThat(alarms).extracting(Alarm::getPatientId, Alarm::getKind, Alarm::getLimit)
        .containsExactly(
            tuple("p1", HeartRateLimitAlarms.LOW, 38.0),
            tuple("p2", HeartRateLimitAlarms.LOW, 50.0));
  }

  @Test
  void anAdmissionWithoutLimitsRestoresTheDefaults() throws Exception {
    List<Object> input = new ArrayList<>();
    input.add(admission("monitor-7", "p1", limits(null, null, 160, null)));
    input.addAll(rates("p1", 150));
    input.add(admission("monitor-7", "p1", null));
    input.addAll(rates("p1", 150));

    assertThat(run(input)).extracting(Alarm::getKind, Alarm::getLimit, Alarm::getEventTimeMillis)
        .containsExactly(tuple(HeartRateLimitAlarms.HIGH, 120.0, 1_250L));
  }

  @Test
  void inconsistentAdmissionLimitsAreRefusedAndTheLimitsInForceKept() throws Exception {
    // High limit below the low one: a typo must not switch the low-rate alarm off.
    List<Object> input = new ArrayList<>();
    input.add(admission("monitor-7", "p1", limits(null, 45, 40, null)));
    input.addAll(rates("p1", 44));

    assertThat(run(input)).extracting(Alarm::getKind, Alarm::getLimit)
        .containsExactly(tuple(HeartRateLimitAlarms.LOW, 50.0));
  }

  @Test
  void limitsMustBeOrdered() {
    assertThatThrownBy(() -> new HeartRateLimits(40, 50, 120, 110))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("extreme high (110)");
  }

  @Test
  void patientsAreJudgedIndependently() throws Exception {
    List<Object> input = new ArrayList<>(rates("p1", 150, 150));
    input.addAll(rates("p2", 70, 70));
    assertThat(run(input)).extracting(Alarm::getPatientId).containsExactly("p1");
  }

  /** Each rate held for 2 s: 8 frames of 250 ms, the first ending at 0.25 s. */
  private static List<HeartRate> rates(String patient, double... bpm) {
    List<HeartRate> out = new ArrayList<>();
    for (int i = 0; i < bpm.length; i++) {
      for (int frame = 1; frame <= 8; frame++) {
        out.add(new HeartRate(patient, "bed-" + patient, 2_000L * i + 250L * frame, 10_000, bpm[i], 12));
      }
    }
    return out;
  }

  /** One rate per 250 ms frame, the first measured at {@code firstMillis}. */
  private static List<HeartRate> frames(String patient, long firstMillis, double... bpm) {
    List<HeartRate> out = new ArrayList<>();
    for (int i = 0; i < bpm.length; i++) {
      out.add(new HeartRate(patient, "bed-" + patient, firstMillis + 250L * i, 10_000, bpm[i], 12));
    }
    return out;
  }

  private static AlarmLimits limits(Integer extremeLow, Integer low, Integer high, Integer extremeHigh) {
    return AlarmLimits.newBuilder().setExtremeBradycardiaBpm(extremeLow).setHeartRateLowBpm(low)
        .setHeartRateHighBpm(high).setExtremeTachycardiaBpm(extremeHigh).build();
  }

  private static Admission admission(String device, String patient, AlarmLimits limits) {
    return Admission.newBuilder().setDeviceId(device).setPatientId(patient).setBedId("bed-" + patient)
        .setEffectiveFromMillis(0).setLimits(limits).build();
  }

  /** Feeds rates (input 1) and admissions (input 2) in list order; returns the alarms. */
  private static List<Alarm> run(List<?> input) throws Exception {
    var operator = new KeyedCoProcessOperator<>(new HeartRateLimitAlarms(HeartRateLimits.ADULT_DEFAULTS));
    try (var harness = new KeyedTwoInputStreamOperatorTestHarness<String, HeartRate, Admission, Alarm>(
        operator, rate -> rate.patientId, Admission::getPatientId, Types.STRING)) {
      harness.open();
      for (Object item : input) {
        if (item instanceof HeartRate rate) {
          harness.processElement1(new StreamRecord<>(rate, rate.measuredAtMillis));
        } else {
          harness.processElement2(new StreamRecord<>((Admission) item, 0));
        }
      }
      return new ArrayList<>(harness.extractOutputValues());
    }
  }
}
