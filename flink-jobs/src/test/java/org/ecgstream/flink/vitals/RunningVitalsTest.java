package org.ecgstream.flink.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.flink.rhythm.RhythmChange;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.serde.AvroSafety;
import org.junit.jupiter.api.Test;

/**
 * The running vitals of one patient from the running heart rate (one per 250 ms frame, as the
 * rhythm analysis emits it), through Flink's keyed operator harness: one record every 2 s of device
 * time, the rate the limit alarms judge or why there is none.
 */
class RunningVitalsTest {

  static {
    AvroSafety.install();
  }

  private static final long WINDOW = 10_000;
  private static final long EVERY = 2_000;

  @Test
  void theRateAtEveryTwoSecondsOfDeviceTimeIsPublishedWithItsSpanAndBeats() throws Exception {
    List<HeartRate> rates = new ArrayList<>();
    for (long end = 10_250; end <= 14_000; end += 250) {
      rates.add(rate(end, end < 12_000 ? 72.04 : 75.0, 12));
    }

    List<PatientVitals> vitals = run(rates);

    assertThat(vitals).extracting(PatientVitals::getMeasuredAtMillis, PatientVitals::getSpanMillis,
            PatientVitals::getHeartRateValid, PatientVitals::getHeartRateBpm, PatientVitals::getBeats,
            PatientVitals::getInvalidReason)
        .containsExactly(
            tuple(10_250L, WINDOW, true, 72.0, 12, null), // the first rate, then on the 2 s grid
            tuple(12_000L, WINDOW, true, 75.0, 12, null),
            tuple(14_000L, WINDOW, true, 75.0, 12, null));
    assertThat(vitals.get(0).getBedId()).isEqualTo("bed-1");
    assertThat(vitals.get(0).getSource()).isEqualTo(RunningVitals.SOURCE);
  }

  @Test
  void aRateThatIsNotValidIsPublishedWithItsReasonAndTheDetectorsWordsAndNoNumber() throws Exception {
    List<PatientVitals> vitals = run(List.of(
        rate(2_000, 70, 12),
        rate(4_000, 70, 5).notValid(RhythmChange.ASYSTOLE, "no QRS for 4.0 s on any usable lead"),
        rate(6_000, Double.NaN, 2)));

    assertThat(vitals).extracting(PatientVitals::getHeartRateValid, PatientVitals::getHeartRateBpm,
            PatientVitals::getBeats, PatientVitals::getInvalidReason, PatientVitals::getInvalidDetail)
        .containsExactly(
            tuple(true, 70.0, 12, null, null),
            tuple(false, null, 5, RunningVitals.ASYSTOLE, "no QRS for 4.0 s on any usable lead"),
            tuple(false, null, 2, RunningVitals.TOO_FEW_BEATS, "2 QRS in 10 s, a rate needs 3"));
  }

  @Test
  void ratesBetweenGridPointsAreNotPublishedAndAGapSkipsToTheNextPoint() throws Exception {
    List<PatientVitals> vitals = run(List.of(rate(1_750, 70, 3), rate(2_250, 71, 3), rate(3_750, 72, 3),
        rate(9_500, 73, 4), rate(9_750, 74, 4), rate(10_000, 75, 4)));

    assertThat(vitals).extracting(PatientVitals::getMeasuredAtMillis).containsExactly(1_750L, 2_250L, 9_500L, 10_000L);
  }

  @Test
  void aJumpBackInDeviceTimeStartsTheGridAgain() throws Exception {
    List<PatientVitals> vitals = run(List.of(rate(100_000, 70, 12), rate(4_000, 70, 12), rate(4_250, 70, 12),
        rate(6_000, 70, 12)));

    assertThat(vitals).extracting(PatientVitals::getMeasuredAtMillis).containsExactly(100_000L, 4_000L, 6_000L);
  }

  private static HeartRate rate(long measuredAtMillis, double bpm, int beats) {
    return new HeartRate("p1", "bed-1", measuredAtMillis, WINDOW, bpm, beats);
  }

  /** Feeds the rates in order, each with its device time as timestamp. */
  private static List<PatientVitals> run(List<HeartRate> rates) throws Exception {
    try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, HeartRate, PatientVitals>(
        new KeyedProcessOperator<>(new RunningVitals(EVERY)), rate -> rate.patientId, Types.STRING)) {
      harness.open();
      for (HeartRate rate : rates) {
        harness.processElement(new StreamRecord<>(rate, rate.measuredAtMillis));
      }
      return new ArrayList<>(harness.extractOutputValues());
    }
  }
}
