package org.ecgstream.flink.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.ecgstream.flink.rhythm.RhythmChange;
import org.junit.jupiter.api.Test;

/** Which rhythm conditions make the running heart rate not valid, and which of them a reader is told. */
class RateValidityTest {

  private final RateValidity validity = new RateValidity();

  @Test
  void aRateWithEnoughBeatsAndNoConditionIsValid() {
    HeartRate rate = validity.judge(rate(72.0, 12));

    assertThat(rate.valid()).isTrue();
    assertThat(rate.invalidReason).isNull();
  }

  @Test
  void duringAsystoleTheRateIsNotValidEvenWithBeatsBeforeItInTheWindowAndValidAgainAfter() {
    boolean startRestarts = validity.apply(change(RhythmChange.ASYSTOLE, true, "no QRS for 4.0 s on any usable lead"));
    HeartRate during = validity.judge(rate(70.0, 5));
    boolean endRestarts = validity.apply(change(RhythmChange.ASYSTOLE, false, "QRS detected again"));
    HeartRate after = validity.judge(rate(65.0, 4));

    assertThat(startRestarts).isFalse();
    assertThat(endRestarts).as("the rate starts again after the asystole").isTrue();

    assertThat(during).extracting(r -> r.valid(), r -> r.invalidReason, r -> r.invalidDetail, r -> r.beats)
        .containsExactly(false, RhythmChange.ASYSTOLE, "no QRS for 4.0 s on any usable lead", 5);
    assertThat(after.valid()).isTrue();
  }

  @Test
  void fibrillationLostSignalAndNoiseMakeTheRateNotValidAndTheMostSevereIsTold() {
    validity.apply(change(RhythmChange.NOISE, true, "II noisy (bSQI 0.41)"));
    String noise = validity.judge(rate(131, 22)).invalidReason;
    validity.apply(change(RhythmChange.SIGNAL_LOST, true, "lead II off"));
    String lost = validity.judge(rate(110, 8)).invalidReason;
    validity.apply(change(RhythmChange.VENTRICULAR_FIBRILLATION, true, "VF-filter leakage 0.71"));
    String fibrillation = validity.judge(rate(240, 30)).invalidReason;
    validity.apply(change(RhythmChange.ASYSTOLE, true, "no QRS for 4.0 s"));
    HeartRate asystole = validity.judge(rate(240, 30));

    assertThat(new String[] {noise, lost, fibrillation}).containsExactly(
        RhythmChange.NOISE, RhythmChange.SIGNAL_LOST, RhythmChange.VENTRICULAR_FIBRILLATION);
    assertThat(asystole).extracting(r -> r.invalidReason, r -> r.invalidDetail)
        .containsExactly(RhythmChange.ASYSTOLE, "no QRS for 4.0 s");
  }

  @Test
  void otherRhythmChangesLeaveTheRateValid() {
    validity.apply(change(RhythmChange.ATRIAL_FIBRILLATION, true, "irregular RR"));
    validity.apply(change(RhythmChange.VENTRICULAR_TACHYCARDIA, true, "6 wide beats at 180 bpm"));
    validity.apply(change(RhythmChange.PAUSE, true, "no QRS for 3.2 s, then a beat"));
    validity.apply(change(RhythmChange.ST_DEVIATION, true, "ST elevation 0.25 mV in V2 for 60 s"));
    assertThat(validity.apply(change(RhythmChange.PAUSE, false, "no QRS for 3.2 s, then a beat"))).isFalse();
    assertThat(validity.apply(change(RhythmChange.ATRIAL_FIBRILLATION, false, "RR regular again"))).isFalse();

    assertThat(validity.judge(rate(180, 30)).valid()).isTrue();
  }

  @Test
  void tooFewBeatsSaysHowManyAndNoBeatsSaysForHowLong() {
    assertThat(validity.judge(rate(Double.NaN, 2))).extracting(r -> r.valid(), r -> r.invalidReason, r -> r.invalidDetail)
        .containsExactly(false, HeartRate.TOO_FEW_BEATS, "2 QRS in 10 s, a rate needs 3");
    assertThat(validity.judge(rate(Double.NaN, 0)).invalidDetail).isEqualTo("no QRS in 10 s");
  }

  @Test
  void aConditionWinsOverTooFewBeats() {
    validity.apply(change(RhythmChange.ASYSTOLE, true, "no QRS for 12.0 s"));

    assertThat(validity.judge(rate(Double.NaN, 0))).extracting(r -> r.invalidReason, r -> r.beats)
        .containsExactly(RhythmChange.ASYSTOLE, 0);
  }

  private static HeartRate rate(double bpm, int beats) {
    return new HeartRate("p1", "bed-1", 20_000, 10_000, bpm, beats);
  }

  private static RhythmChange change(String condition, boolean started, String detail) {
    return new RhythmChange("p1", "bed-1", condition, started, 19_000, detail);
  }
}
