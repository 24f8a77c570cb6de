package org.ecgstream.simulators.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.testdata.RecordedRhythmEvents;
import org.ecgstream.core.testdata.RecordedRhythmEvents.Event;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

/**
 * The simulator's scripted rhythms, judged by core's rhythm detectors (which are validated on
 * real recordings): what the simulator claims to draw is what a monitor would see.
 */
class ScriptedRhythmsTest {

  private static final int FS = 500;

  @Test
  void sinusRhythmRaisesNothing() {
    assertThat(run(new Segment(Rhythm.SINUS, 75, 90))).isEmpty();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} bpm")
  @org.junit.jupiter.params.provider.ValueSource(doubles = {150, 180, 200, 220})
  void fastSinusTachycardiaIsNeverVentricularFibrillationNorTachycardia(double bpm) {
    assertThat(run(new Segment(Rhythm.SINUS, bpm, 90))).noneMatch(e -> e.kind().equals("vf") || e.kind().equals("vt"));
  }

  @Test
  void asystoleIsDetectedFourToSixSecondsInAndEndsWhenTheHeartRestarts() {
    List<Event> events = run(new Segment(Rhythm.SINUS, 70, 20), new Segment(Rhythm.ASYSTOLE, 70, 15), new Segment(Rhythm.SINUS, 70, 15));
    assertThat(events).extracting(Event::kind).containsExactly("asystole", "asystole-ended");
    // Four seconds after the last QRS, which comes up to one RR (0.86 s) before the scripted onset.
    assertThat(events.get(0).seconds()).isBetween(23.0, 26.0);
    assertThat(events.get(1).seconds()).isBetween(35.0, 37.0);
  }

  @Test
  void ventricularFibrillationIsDetectedWithinTenSeconds() {
    List<Event> events = run(new Segment(Rhythm.SINUS, 80, 20), new Segment(Rhythm.VENTRICULAR_FIBRILLATION, 80, 30));
    assertThat(events).filteredOn(e -> e.kind().equals("vf")).first()
        .satisfies(e -> assertThat(e.seconds()).isBetween(20.0, 30.0));
    assertThat(events).noneMatch(e -> e.kind().equals("asystole") || e.kind().equals("af"));
  }

  /**
   * The windows VF is judged over straddle the change from sinus rhythm to VT for 3-4 s, and their
   * RR intervals taken together vary as much as VF's detections do. Before the VF detector read a
   * regular run changing rate once as organised, seeds 4, 12 and 21 raised VF 2 s into VT at 190
   * and 200 bpm (and the icu-events scenario's VT at 170 bpm with its seed 2).
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0} bpm")
  @org.junit.jupiter.params.provider.ValueSource(doubles = {170, 190, 200})
  void ventricularTachycardiaFromSinusRhythmIsAlarmedAsVtNeverAsVf(double bpm) {
    for (long seed = 1; seed <= 24; seed++) {
      List<Event> events = run(seed, new Segment(Rhythm.SINUS, 75, 30), new Segment(Rhythm.VENTRICULAR_TACHYCARDIA, bpm, 30));
      assertThat(events).as("seed %d", seed).noneMatch(e -> e.kind().equals("vf"));
      assertThat(events).as("seed %d", seed).filteredOn(e -> e.kind().equals("vt")).first()
          .satisfies(e -> assertThat(e.seconds()).isBetween(30.0, 34.0));
    }
  }

  @Test
  void atrialFibrillationIsDetectedAndHasFarMoreIrregularRrThanSinus() {
    List<Event> events = run(new Segment(Rhythm.SINUS, 80, 20), new Segment(Rhythm.ATRIAL_FIBRILLATION, 100, 60));
    assertThat(events).filteredOn(e -> e.kind().equals("af")).first()
        .satisfies(e -> assertThat(e.seconds()).isBetween(20.0, 45.0));
  }

  record Segment(Rhythm rhythm, double bpm, int seconds) {}

  private static List<Event> run(Segment... segments) {
    return run(17, segments);
  }

  private static List<Event> run(long seed, Segment... segments) {
    BeatTrainGenerator generator = new BeatTrainGenerator(FS, List.of(Lead.II, Lead.V1), segments[0].bpm(), seed);
    PatientRhythm rhythm = new PatientRhythm(FS, 2, 0, RhythmSettings.defaults());
    RecordedRhythmEvents listener = new RecordedRhythmEvents(FS);
    float[][] block = new float[2][FS / 4];
    for (Segment segment : segments) {
      generator.setHeartRate(segment.bpm());
      generator.setRhythm(segment.rhythm());
      for (int b = 0; b < segment.seconds() * 4; b++) {
        generator.next(FS / 4, block, null);
        rhythm.accept(new float[][] {block[0].clone(), block[1].clone()}, listener);
      }
    }
    return listener.events();
  }
}
