package org.ecgstream.local.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.alarms.HeartRateLimits;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.local.scoring.ScenarioAlarmScore.Event;
import org.ecgstream.local.scoring.ScenarioAlarmScore.KindScore;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.simulators.scenario.WardScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A scripted scenario through the alarm job's real data flow, scored against its timeline. */
@Timeout(180)
class ScenarioAlarmScoreTest {

  private static final Path ARRESTS = Path.of("src/test/resources/scenarios/arrests.json");

  @Test
  void arrestsAreAlarmedAsTheRightKindAndElectrodesOffIsTechnicalWithoutAsystole() throws Exception {
    WardScenario scenario = WardScenario.read(ARRESTS);
    List<Alarm> alarms = ScenarioRun.alarms(ARRESTS, scenario, ScenarioRun.config(), 2, 1);
    List<Event> expected = ScenarioAlarmScore.expected(scenario, HeartRateLimits.ADULT_DEFAULTS);

    Map<String, KindScore> scores = ScenarioAlarmScore.score(scenario, expected, alarms, ScenarioRun.START_MILLIS)
        .stream().collect(Collectors.toMap(KindScore::kind, s -> s));

    assertThat(scores.get(RhythmAlarms.ASYSTOLE)).extracting(KindScore::events, KindScore::alarmed, KindScore::falseAlarms)
        .containsExactly(1, 1, 0);
    assertThat(scores.get(RhythmAlarms.VENTRICULAR_FIBRILLATION))
        .extracting(KindScore::events, KindScore::alarmed, KindScore::falseAlarms).containsExactly(1, 1, 0);
    assertThat(scores.get(RhythmAlarms.LEAD_OFF)).extracting(KindScore::events, KindScore::alarmed, KindScore::falseAlarms)
        .containsExactly(1, 1, 0);
    assertThat(scores.get(RhythmAlarms.VENTRICULAR_TACHYCARDIA))
        .extracting(KindScore::events, KindScore::alarmed, KindScore::falseAlarms).containsExactly(1, 1, 0);
    assertThat(scores.get(RhythmAlarms.VENTRICULAR_TACHYCARDIA).delayPercentileMillis(1.0)).isLessThanOrEqualTo(10_000);
    // IEC 60601-2-27: asystole and VF alarmed within 10 s of onset.
    assertThat(scores.get(RhythmAlarms.ASYSTOLE).delayPercentileMillis(1.0)).isLessThanOrEqualTo(10_000);
    assertThat(scores.get(RhythmAlarms.VENTRICULAR_FIBRILLATION).delayPercentileMillis(1.0)).isLessThanOrEqualTo(10_000);
    // The device flags every lead off: a technical alarm with the next frame, not after a second of flat line.
    assertThat(scores.get(RhythmAlarms.LEAD_OFF).delayPercentileMillis(1.0)).isLessThanOrEqualTo(500);
    assertThat(scores.values()).allMatch(s -> s.falseAlarms() == 0, "no false alarm of any kind");
    assertThat(alarms).filteredOn(a -> a.getState() == AlarmState.RAISED)
        .extracting(Alarm::getBedId, Alarm::getKind, Alarm::getPriority)
        .containsExactlyInAnyOrder(
            tuple("bed-a", RhythmAlarms.ASYSTOLE, AlarmPriority.HIGH),
            tuple("bed-v", RhythmAlarms.VENTRICULAR_FIBRILLATION, AlarmPriority.HIGH),
            tuple("bed-t", RhythmAlarms.VENTRICULAR_TACHYCARDIA, AlarmPriority.HIGH),
            tuple("bed-t", HeartRateLimitAlarms.HIGH, AlarmPriority.MEDIUM),
            tuple("bed-l", RhythmAlarms.LEAD_OFF, AlarmPriority.MEDIUM));
  }

  @Test
  void sustainedStElevationIsAMediumAlarmAfterAMinuteAndClearsWhenItResolves() throws Exception {
    Path file = Path.of("src/test/resources/scenarios/st.json");
    WardScenario scenario = WardScenario.read(file);
    List<Alarm> alarms = ScenarioRun.alarms(file, scenario, ScenarioRun.config(), 2, 1);

    // 0.25 mV in lead II is 0.35 mV in V4, the largest projection: measured there, within 0.05 mV.
    List<Alarm> st = alarms.stream().filter(a -> a.getKind().equals(RhythmAlarms.ST_DEVIATION)).toList();
    assertThat(st).extracting(Alarm::getBedId, Alarm::getState).containsExactly(
        tuple("bed-st", AlarmState.RAISED), tuple("bed-st", AlarmState.ESCALATED), tuple("bed-st", AlarmState.CLEARED));
    assertThat(st.get(0).getPriority()).isEqualTo(AlarmPriority.MEDIUM);
    assertThat(st.get(0).getMessage()).matches(".*ST elevation 0\\.3[0-9] mV in V4.*");
    long raisedAfter = st.get(0).getEventTimeMillis() - ScenarioRun.START_MILLIS - 30_000;
    assertThat(raisedAfter).as("60 s sustained, plus the median's warm-up").isBetween(60_000L, 80_000L);
    long clearedAfter = st.get(2).getEventTimeMillis() - ScenarioRun.START_MILLIS - 180_000;
    assertThat(clearedAfter).isBetween(30_000L, 50_000L);
    assertThat(alarms).noneMatch(a -> a.getBedId().equals("bed-n"));
  }

  @Test
  void expectedEventsFollowTheTimelineAndThePatientsOwnLimits() throws Exception {
    WardScenario scenario = WardScenario.read(Path.of("../../simulators/scenarios/icu-events.json"));

    List<Event> expected = ScenarioAlarmScore.expected(scenario, HeartRateLimits.ADULT_DEFAULTS);

    assertThat(expected).extracting(Event::patientId, Event::kind, Event::fromMillis, Event::untilMillis).contains(
        tuple("sim-patient-02", RhythmAlarms.ASYSTOLE, 180_000L, 200_000L),
        tuple("sim-patient-04", RhythmAlarms.VENTRICULAR_TACHYCARDIA, 120_000L, 165_000L),
        tuple("sim-patient-07", RhythmAlarms.LEAD_OFF, 60_000L, 90_000L));
    // bed-08 at 44 bpm is below the default low limit but its admission sets 38: nothing expected.
    assertThat(expected).noneMatch(e -> e.patientId().equals("sim-patient-08"));
    assertThat(expected).noneMatch(e -> e.patientId().equals("sim-patient-01"));
  }

  @Test
  void aScriptedPauseAsLongAsThePauseLimitExpectsAPauseAlarm() throws Exception {
    WardScenario scenario = WardScenario.read(Path.of("../../simulators/scenarios/twelve-lead-events.json"));

    List<Event> expected = ScenarioAlarmScore.expected(scenario, HeartRateLimits.ADULT_DEFAULTS);

    // bed-05: a 3 s sinus pause at 1 min, the job's default pause limit.
    assertThat(expected).filteredOn(e -> e.kind().equals(RhythmAlarms.PAUSE))
        .extracting(Event::patientId, Event::fromMillis, Event::untilMillis)
        .containsExactly(tuple("sim-patient-05", 60_000L, 63_000L));
  }
}
