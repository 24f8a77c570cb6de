package org.ecgstream.core.rhythm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The running heart rate against the windowed definition it replaces (60 / median RR of the beats
 * in a 10 s event-time window, at least 3 beats; the median of the newest odd number of intervals,
 * see {@link RunningHeartRate#bpm}), on the cardiologists' beat annotations of MIT-BIH
 * records: sinus (100), frequent ectopy and VT runs (203, 208), long pauses and bradycardia (232).
 */
class RunningHeartRateTest {

  private static final long WINDOW = 10_000;
  private static final long FRAME = 250;
  private static final long SLIDE = 2_000;

  @ParameterizedTest
  @ValueSource(strings = {"100", "203", "208", "232"})
  void atEveryWindowEndTheRunningRateIsTheWindowedRateOfTheSameBeats(String record) throws Exception {
    long[] beats = annotatedBeatMillis(record);
    RunningHeartRate running = new RunningHeartRate(WINDOW);
    int next = 0;
    int windowEnds = 0;
    int withoutRate = 0;
    // Frame by frame, as the rhythm analysis does: the frame's beats first, then the window's end moves.
    for (long frameEnd = FRAME; frameEnd <= beats[beats.length - 1] + WINDOW; frameEnd += FRAME) {
      while (next < beats.length && beats[next] < frameEnd) {
        running.beat(beats[next++]);
      }
      running.advanceTo(frameEnd);
      double windowed = windowedBpm(beats, frameEnd - WINDOW, frameEnd);
      assertThat(running.beats()).as("beats at %d ms", frameEnd).isEqualTo(beatsIn(beats, frameEnd - WINDOW, frameEnd));
      if (Double.isNaN(windowed)) {
        assertThat(running.bpm()).as("rate at %d ms", frameEnd).isNaN();
        withoutRate++;
      } else {
        assertThat(running.bpm()).as("rate at %d ms", frameEnd).isCloseTo(windowed, within(1e-9));
      }
      windowEnds += frameEnd % SLIDE == 0 ? 1 : 0;
    }
    assertThat(windowEnds).isGreaterThan(800); // 30 min of signal
    // Only the last seconds after the final beat (and 232's longest pauses) have no rate.
    assertThat(withoutRate).isLessThan(windowEnds);
  }

  @Test
  void aBeatLeavingTheWindowChangesTheRateWithoutANewBeat() {
    RunningHeartRate running = new RunningHeartRate(WINDOW);
    // 60 bpm for 10 s, then two beats 2 s apart, then none: the fast beats leave one by one.
    for (long t = 0; t < 10_000; t += 1_000) {
      running.beat(t);
    }
    running.beat(11_000);
    running.beat(13_000);
    running.advanceTo(13_001); // 4..9 s, 11 s, 13 s: RR 5 x 1 s, 2 x 2 s
    assertThat(running.bpm()).isCloseTo(60.0, within(1e-9));
    running.advanceTo(16_000); // 6..9 s, 11 s, 13 s: RR 3 x 1 s, 2 x 2 s
    assertThat(running.bpm()).isCloseTo(60.0, within(1e-9));
    running.advanceTo(17_000); // 7..9 s, 11 s, 13 s: RR 2 x 1 s, 2 x 2 s; the newest three: 1 s, 2 x 2 s
    assertThat(running.bpm()).isCloseTo(30.0, within(1e-9));
    running.advanceTo(21_001); // 13 s alone
    assertThat(running.beats()).isEqualTo(1);
    assertThat(running.bpm()).isNaN();
  }

  @Test
  void aStepChangeOfRateGoesStraightFromOneRateToTheOtherWithNoRateInBetween() {
    RunningHeartRate running = new RunningHeartRate(WINDOW);
    List<Double> rates = new ArrayList<>();
    long t = 0;
    for (; t < 20_000; t += 937) { // 64 bpm
      running.beat(t);
    }
    for (; t < 40_000; t += 1_667) { // 36 bpm
      running.beat(t);
      for (long now = t + 1; now < t + 1_667; now += 250) {
        running.advanceTo(now);
        rates.add(running.bpm());
      }
    }
    assertThat(rates).allSatisfy(bpm -> assertThat(bpm).satisfiesAnyOf(
        r -> assertThat(r).isCloseTo(60_000.0 / 937, within(1e-9)),
        r -> assertThat(r).isCloseTo(60_000.0 / 1_667, within(1e-9))));
  }

  @Test
  void afterARestartOnlyTheBeatsAfterItCountEvenWhenAnEarlierOneIsReportedLate() {
    RunningHeartRate running = new RunningHeartRate(WINDOW);
    for (long t = 0; t < 8_000; t += 250) { // fibrillation waves found as beats
      running.beat(t);
    }
    running.restartAfter(8_000);
    running.beat(7_900); // reported late, from before the restart
    running.beat(8_500);
    running.beat(9_500);
    assertThat(running.beats()).isEqualTo(2);
    assertThat(running.bpm()).isNaN();
    running.beat(10_500);
    running.advanceTo(10_600);
    assertThat(running.bpm()).isCloseTo(60.0, within(1e-9));
  }

  @Test
  void aRepeatedOrEarlierBeatIsIgnored() {
    RunningHeartRate running = new RunningHeartRate(WINDOW);
    running.beat(1_000);
    running.beat(2_000);
    running.beat(2_000);
    running.beat(1_500);
    running.beat(3_000);
    assertThat(running.beats()).isEqualTo(3);
    assertThat(running.bpm()).isCloseTo(60.0, within(1e-9));
  }

  @Test
  void moreBeatsThanTheRefractoryPeriodAllowsDropTheOldestSoTheStateStaysBounded() {
    RunningHeartRate running = new RunningHeartRate(WINDOW);
    for (long t = 0; t < 10_000; t += 100) { // 600 "beats" a minute: artefact
      running.beat(t);
    }
    running.advanceTo(10_000);
    assertThat(running.beats()).isEqualTo(51);
    assertThat(running.bpm()).isCloseTo(600.0, within(1e-9));
  }

  @Test
  void aWindowTooShortForThreeBeatsIsRefused() {
    assertThatThrownBy(() -> new RunningHeartRate(500)).hasMessageContaining("at least 1 s");
  }

  /**
   * The windowed definition, computed from scratch: 60000 / median RR of the beats in [from, to),
   * of the newest odd number of intervals.
   */
  private static double windowedBpm(long[] beats, long from, long to) {
    long[] in = Arrays.stream(beats).filter(t -> t >= from && t < to).toArray();
    if (in.length < RunningHeartRate.MIN_BEATS) {
      return Double.NaN;
    }
    // The newest odd number of RR intervals.
    int first = in.length % 2 == 1 ? 1 : 0;
    long[] rr = new long[in.length - 1 - first];
    for (int i = first + 1; i < in.length; i++) {
      rr[i - first - 1] = in[i] - in[i - 1];
    }
    Arrays.sort(rr);
    return 60_000.0 / rr[rr.length / 2];
  }

  private static int beatsIn(long[] beats, long from, long to) {
    return (int) Arrays.stream(beats).filter(t -> t >= from && t < to).count();
  }

  /** The record's annotated beats as R-peak times in ms (360 Hz samples, rounded). */
  private static long[] annotatedBeatMillis(String record) throws Exception {
    return AnnotationReader.read(SharedData.folder("mitdb"), record, "atr").stream()
        .filter(Annotation::isBeat)
        .mapToLong(a -> Math.round(a.sample() * 1000.0 / 360))
        .distinct()
        .toArray();
  }
}
