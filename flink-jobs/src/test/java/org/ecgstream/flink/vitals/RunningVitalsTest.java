package org.ecgstream.flink.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.flink.rhythm.RhythmChange;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.serde.AvroSafety;
import org.junit.jupiter.api.Test;

/**
 * The running vitals of one patient, from rate windows (10 s, one every 2 s, as the job's defaults)
 * and rhythm changes given in event-time order with the watermark following them, through Flink's
 * keyed two-input operator harness.
 */
class RunningVitalsTest {

  static {
    AvroSafety.install();
  }

  private static final long WINDOW = 10_000;
  private static final long SLIDE = 2_000;

  @Test
  void everyRateWindowBecomesAValidHeartRateWithItsSpanAndBeats() throws Exception {
    List<PatientVitals> vitals = run(List.of(rate(12_000, 72.04, 12), rate(14_000, 75.0, 12)), 14_000);

    assertThat(vitals).extracting(PatientVitals::getMeasuredAtMillis, PatientVitals::getSpanMillis,
            PatientVitals::getHeartRateValid, PatientVitals::getHeartRateBpm, PatientVitals::getBeats,
            PatientVitals::getInvalidReason)
        .containsExactly(tuple(12_000L, WINDOW, true, 72.0, 12, null), tuple(14_000L, WINDOW, true, 75.0, 12, null));
    assertThat(vitals.get(0).getBedId()).isEqualTo("bed-1");
    assertThat(vitals.get(0).getSource()).isEqualTo(RunningVitals.SOURCE);
  }

  @Test
  void duringAsystoleTheRateIsNotValidEvenWithBeatsBeforeItInTheWindowThenZeroBeatsEverySlide() throws Exception {
    List<Object> input = List.of(
        rate(20_000, 70, 12),
        rate(22_000, 70, 12),
        rate(24_000, 70, 11),
        change(RhythmChange.ASYSTOLE, true, 25_000, "no QRS for 4.0 s on any usable lead"),
        rate(26_000, 70, 5), // beats before the asystole still fill the window
        rate(28_000, 70, 3));
    List<PatientVitals> vitals = run(input, 34_000);

    assertThat(vitals).extracting(PatientVitals::getMeasuredAtMillis, PatientVitals::getHeartRateValid,
            PatientVitals::getHeartRateBpm, PatientVitals::getBeats, PatientVitals::getInvalidReason)
        .containsExactly(
            tuple(20_000L, true, 70.0, 12, null),
            tuple(22_000L, true, 70.0, 12, null),
            tuple(24_000L, true, 70.0, 11, null),
            tuple(26_000L, false, null, 5, RunningVitals.ASYSTOLE),
            tuple(28_000L, false, null, 3, RunningVitals.ASYSTOLE),
            // No window at all once no beat is left in the last 10 s: the timer says so every slide.
            tuple(30_000L, false, null, 0, RunningVitals.ASYSTOLE),
            tuple(32_000L, false, null, 0, RunningVitals.ASYSTOLE),
            tuple(34_000L, false, null, 0, RunningVitals.ASYSTOLE));
    assertThat(vitals.get(5).getInvalidDetail()).isEqualTo("no QRS for 4.0 s on any usable lead");
  }

  @Test
  void rateIsValidAgainAfterTheAsystoleEnds() throws Exception {
    List<PatientVitals> vitals = run(List.of(
        change(RhythmChange.ASYSTOLE, true, 5_000, "no QRS for 4.0 s on any usable lead"),
        rate(6_000, 40, 3),
        change(RhythmChange.ASYSTOLE, false, 6_500, "QRS detected again"),
        rate(8_000, 65, 4)), 8_000);

    assertThat(vitals).extracting(PatientVitals::getHeartRateValid, PatientVitals::getInvalidReason)
        .containsExactly(tuple(false, RunningVitals.ASYSTOLE), tuple(true, null));
  }

  @Test
  void fibrillationAndLostSignalMakeTheRateNotValidAndAsystoleWinsOverBoth() throws Exception {
    List<PatientVitals> vitals = run(List.of(
        change(RhythmChange.SIGNAL_LOST, true, 1_000, "lead II off"),
        rate(2_000, 110, 8),
        change(RhythmChange.VENTRICULAR_FIBRILLATION, true, 3_000, "VF-filter leakage 0.71"),
        rate(4_000, 240, 30),
        change(RhythmChange.ASYSTOLE, true, 5_000, "no QRS for 4.0 s"),
        rate(6_000, 240, 30)), 6_000);

    assertThat(vitals).extracting(PatientVitals::getInvalidReason, PatientVitals::getInvalidDetail)
        .containsExactly(tuple(RunningVitals.SIGNAL_LOST, "lead II off"),
            tuple(RunningVitals.VENTRICULAR_FIBRILLATION, "VF-filter leakage 0.71"),
            tuple(RunningVitals.ASYSTOLE, "no QRS for 4.0 s"));
  }

  @Test
  void noiseOnEveryUsableLeadMakesTheRateNotValidUntilItEnds() throws Exception {
    List<PatientVitals> vitals = run(List.of(
        rate(2_000, 72, 12),
        change(RhythmChange.NOISE, true, 3_000, "all leads noisy: II bSQI 0.41"),
        rate(4_000, 131, 22), // beats found in the noise
        change(RhythmChange.NOISE, false, 5_000, "signal clean again"),
        rate(6_000, 73, 12)), 6_000);

    assertThat(vitals).extracting(PatientVitals::getHeartRateValid, PatientVitals::getHeartRateBpm,
            PatientVitals::getInvalidReason, PatientVitals::getInvalidDetail)
        .containsExactly(tuple(true, 72.0, null, null),
            tuple(false, null, RunningVitals.NOISE, "all leads noisy: II bSQI 0.41"),
            tuple(true, 73.0, null, null));
  }

  @Test
  void otherRhythmChangesLeaveTheRateValid() throws Exception {
    List<PatientVitals> vitals = run(List.of(
        change(RhythmChange.ATRIAL_FIBRILLATION, true, 1_000, "irregular RR"),
        change(RhythmChange.VENTRICULAR_TACHYCARDIA, true, 1_500, "6 wide beats at 180 bpm"),
        rate(2_000, 180, 30)), 2_000);

    assertThat(vitals).singleElement().satisfies(v -> {
      assertThat(v.getHeartRateValid()).isTrue();
      assertThat(v.getHeartRateBpm()).isEqualTo(180.0);
    });
  }

  @Test
  void aWindowWithTooFewBeatsSaysSoWithItsBeatCount() throws Exception {
    List<PatientVitals> vitals = run(List.of(rate(2_000, Double.NaN, 2)), 2_000);

    assertThat(vitals).singleElement().satisfies(v -> {
      assertThat(v.getHeartRateValid()).isFalse();
      assertThat(v.getHeartRateBpm()).isNull();
      assertThat(v.getBeats()).isEqualTo(2);
      assertThat(v.getInvalidReason()).isEqualTo(RunningVitals.TOO_FEW_BEATS);
      assertThat(v.getInvalidDetail()).isEqualTo("2 QRS in 10 s, a rate needs 3");
    });
  }

  @Test
  void notValidRecordsStopAMinuteAfterTheLastWindowWhenTheMonitorGoesQuiet() throws Exception {
    List<PatientVitals> vitals = run(List.of(rate(10_000, 70, 12)), 200_000);

    assertThat(vitals.get(vitals.size() - 1).getMeasuredAtMillis()).isEqualTo(10_000 + RunningVitals.MAX_SILENCE_MILLIS);
    assertThat(vitals).hasSize(1 + (int) (RunningVitals.MAX_SILENCE_MILLIS / SLIDE));
    assertThat(vitals.subList(1, vitals.size())).allSatisfy(v -> {
      assertThat(v.getInvalidReason()).isEqualTo(RunningVitals.TOO_FEW_BEATS);
      assertThat(v.getInvalidDetail()).isEqualTo("no QRS in 10 s");
    });
  }

  private static HeartRate rate(long windowEndMillis, double bpm, int beats) {
    return new HeartRate("p1", "bed-1", windowEndMillis - WINDOW, windowEndMillis, bpm, beats);
  }

  private static RhythmChange change(String condition, boolean started, long at, String detail) {
    return new RhythmChange("p1", "bed-1", condition, started, at, detail);
  }

  /** Feeds the input in order, the watermark one below each element's time (as windows fire), then up to {@code until}. */
  private static List<PatientVitals> run(List<Object> input, long until) throws Exception {
    var operator = new KeyedCoProcessOperator<>(new RunningVitals(WINDOW, SLIDE));
    try (var harness = new KeyedTwoInputStreamOperatorTestHarness<String, HeartRate, RhythmChange, PatientVitals>(
        operator, rate -> rate.patientId, change -> change.patientId, Types.STRING)) {
      harness.open();
      for (Object item : input) {
        if (item instanceof HeartRate rate) {
          advance(harness, rate.windowEndMillis - 1);
          harness.processElement1(new StreamRecord<>(rate, rate.windowEndMillis - 1));
        } else {
          RhythmChange change = (RhythmChange) item;
          advance(harness, change.eventTimeMillis - 1);
          harness.processElement2(new StreamRecord<>(change, change.eventTimeMillis));
        }
      }
      advance(harness, until);
      List<PatientVitals> out = new ArrayList<>();
      harness.extractOutputValues().forEach(out::add);
      return out;
    }
  }

  private static void advance(KeyedTwoInputStreamOperatorTestHarness<String, HeartRate, RhythmChange, PatientVitals> harness,
      long watermark) throws Exception {
    harness.processWatermark1(new Watermark(watermark));
    harness.processWatermark2(new Watermark(watermark));
  }
}
