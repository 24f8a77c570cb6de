package org.ecgstream.core.rhythm;

import static org.assertj.core.api.Assertions.assertThat;

import org.ecgstream.core.rhythm.VentricularTachycardiaDetector.Change;
import org.junit.jupiter.api.Test;

/** The VT rule on beat series with given widths: consecutive wide beats, rate, end, reset. */
class VentricularTachycardiaDetectorTest {

  private static final int FS = 250;
  private static final double NARROW = 45;
  private static final double WIDE = 110;

  private final VentricularTachycardiaDetector vt = new VentricularTachycardiaDetector(FS, RhythmSettings.defaults());
  private long t;

  @Test
  void threeWideBeatsAbove100BpmStartVtAndTheNextNarrowBeatEndsIt() {
    sinus(10, 75);
    assertThat(beat(WIDE, 150)).isEqualTo(Change.NONE);
    assertThat(beat(WIDE, 150)).isEqualTo(Change.NONE);
    assertThat(beat(WIDE, 150)).isEqualTo(Change.STARTED);
    assertThat(vt.runBeats()).isEqualTo(3);
    assertThat(vt.rateBpm()).isCloseTo(150, org.assertj.core.data.Offset.offset(1.0));
    assertThat(beat(WIDE, 150)).isEqualTo(Change.NONE);
    assertThat(beat(NARROW, 75)).isEqualTo(Change.ENDED);
  }

  @Test
  void aCoupletIsNotVtNorIsASlowWideRun() {
    sinus(10, 75);
    beat(WIDE, 150);
    beat(WIDE, 150);
    assertThat(beat(NARROW, 75)).isEqualTo(Change.NONE);
    sinus(10, 75);
    for (int k = 0; k < 12; k++) {
      assertThat(beat(WIDE, 90)).as("idioventricular rhythm at 90 bpm").isEqualTo(Change.NONE);
    }
  }

  @Test
  void vtEndsWhenTheWideRunSlowsToTheLimit() {
    sinus(10, 75);
    for (int k = 0; k < 3; k++) {
      beat(WIDE, 160);
    }
    assertThat(vt.tachycardia()).isTrue();
    Change last = Change.NONE;
    for (int k = 0; k < 3 && last == Change.NONE; k++) {
      last = beat(WIDE, 80);
    }
    assertThat(last).isEqualTo(Change.ENDED);
  }

  @Test
  void inBundleBranchBlockOnlyComplexesWellWiderThanTheDominantOneCount() {
    // Dominant complexes of 80 ms (e.g. left bundle branch block), wide by the absolute threshold alone.
    for (int k = 0; k < 10; k++) {
      beat(80, 90);
    }
    for (int k = 0; k < 30; k++) {
      assertThat(beat(80, 110)).as("bundle branch block at 110 bpm").isEqualTo(Change.NONE);
    }
    beat(130, 150);
    beat(130, 150);
    assertThat(beat(130, 150)).isEqualTo(Change.STARTED);
  }

  @Test
  void vtPresentWhenMonitoringStartsIsAlarmedThenLearnedAsDominant() {
    Change[] changes = new Change[20];
    for (int k = 0; k < changes.length; k++) {
      changes[k] = beat(WIDE, 150);
    }
    // The first beat has no RR interval before it: the rate needs 3 intervals, so the 4th beat starts VT.
    assertThat(changes[3]).isEqualTo(Change.STARTED);
    assertThat(java.util.Arrays.asList(changes).subList(4, 20)).containsOnlyOnce(Change.ENDED).doesNotContain(Change.STARTED);
  }

  @Test
  void wideComplexesShapedLikeTheDominantOneAreNotVentricular() {
    sinus(10, 75);
    for (int k = 0; k < 6; k++) {
      assertThat(vt.beat(t += 100, WIDE, 0.95)).as("rate-related aberrancy keeps the dominant shape").isEqualTo(Change.NONE);
    }
    assertThat(vt.lastWide()).isFalse();
    vt.beat(t += 100, WIDE, 0.5);
    vt.beat(t += 100, WIDE, 0.5);
    assertThat(vt.beat(t += 100, WIDE, 0.5)).isEqualTo(Change.STARTED);
  }

  @Test
  void unknownWidthBreaksARunAndResetForgetsIt() {
    sinus(10, 75);
    beat(WIDE, 150);
    beat(Double.NaN, 150);
    beat(WIDE, 150);
    assertThat(beat(WIDE, 150)).isEqualTo(Change.NONE);
    assertThat(beat(WIDE, 150)).isEqualTo(Change.STARTED);
    assertThat(vt.reset()).isTrue();
    assertThat(vt.tachycardia()).isFalse();
    assertThat(vt.reset()).isFalse();
  }

  private void sinus(int beats, double bpm) {
    for (int k = 0; k < beats; k++) {
      beat(NARROW, bpm);
    }
  }

  private Change beat(double widthMillis, double bpmSincePrevious) {
    t += Math.round(60.0 * FS / bpmSincePrevious);
    return vt.beat(t, widthMillis);
  }
}
