package org.ecgstream.simulators.twelvelead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.qrs.PanTompkinsDetector;
import org.ecgstream.core.scoring.BeatByBeatScore;
import org.ecgstream.core.scoring.BeatMatcher;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.BeatClass;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.Pause;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The streaming twelve-lead generator measured from its own output: rates, R peaks found by an
 * independent QRS detector, RR irregularity, QRS width, scripted changes at their times, and a
 * signal that does not depend on how it is cut into frames.
 */
class StreamingTwelveLeadGeneratorTest {

  /** The signal of a timeline, generated in 250 ms frames as a bed would, with its annotated beats. */
  private record Streamed(int sampleRateHz, float[][] millivolts, List<Beat> beats) {
    List<Beat> between(double fromSeconds, double toSeconds) {
      return beats.stream().filter(b -> b.rPeakSeconds() >= fromSeconds && b.rPeakSeconds() < toSeconds).toList();
    }

    Recording recording() {
      return new Recording(sampleRateHz, millivolts, new GroundTruth(List.of(Finding.SINUS_RHYTHM), List.of(), List.of(), 0, 0, null, 0, 0));
    }
  }

  private static Streamed stream(CardiacTimeline timeline, int rateHz, double seconds, long seed, int chunkSamples) {
    StreamingTwelveLeadGenerator generator = new StreamingTwelveLeadGenerator(rateHz, StandardLeads.TWELVE, timeline, seed);
    int n = (int) Math.round(seconds * rateHz);
    float[][] out = new float[12][n];
    float[][] chunk = new float[12][chunkSamples];
    List<Beat> beats = new ArrayList<>();
    for (int done = 0; done < n; done += chunkSamples) {
      int count = Math.min(chunkSamples, n - done);
      generator.next(count, chunk, (sample, beatClass) -> beats.add(new Beat(sample, (double) sample / rateHz, typeOf(beatClass))));
      for (int lead = 0; lead < 12; lead++) {
        System.arraycopy(chunk[lead], 0, out[lead], done, count);
      }
    }
    return new Streamed(rateHz, out, beats);
  }

  private static Streamed stream(CardiacTimeline timeline, int rateHz, double seconds, long seed) {
    return stream(timeline, rateHz, seconds, seed, rateHz / 4);
  }

  private static BeatType typeOf(BeatClass c) {
    return switch (c) {
      case VENTRICULAR -> BeatType.PREMATURE_VENTRICULAR;
      case VENTRICULAR_ESCAPE -> BeatType.VENTRICULAR_ESCAPE;
      case JUNCTIONAL_ESCAPE -> BeatType.JUNCTIONAL_ESCAPE;
      case ATRIAL_PREMATURE -> BeatType.PREMATURE_ATRIAL;
      default -> BeatType.NORMAL;
    };
  }

  private static BedScript script(List<RateChange> changes, List<Pause> pauses) {
    return new BedScript("dev", "pat", "bed", changes, List.of(), 0, null, pauses, List.of(), SignalModel.TWELVE_LEAD, 0);
  }

  private static RateChange at(double seconds, Rhythm rhythm, double bpm) {
    return new RateChange(Math.round(seconds * 1000), bpm, rhythm, 0);
  }

  @ParameterizedTest
  @CsvSource({"45, 250", "72, 360", "72, 500", "140, 1000", "180, 500"})
  void requestedHeartRateIsMetWithinOneBpmOverAMinute(double bpm, int rateHz) {
    Streamed s = stream(CardiacTimeline.steady(CardiacState.sinus(bpm)), rateHz, 62, 11);

    List<Beat> minute = s.between(1, 61);
    double span = minute.get(minute.size() - 1).rPeakSeconds() - minute.get(0).rPeakSeconds();
    assertThat(60 * (minute.size() - 1) / span).isCloseTo(bpm, within(1.0));
  }

  @ParameterizedTest
  @CsvSource({
    "SINUS, 70, NONE, NORMAL", "SINUS, 80, PVC, NORMAL", "SINUS, 75, NONE, LEFT_BUNDLE_BRANCH_BLOCK",
    "SINUS, 65, BIGEMINY, RIGHT_BUNDLE_BRANCH_BLOCK", "ATRIAL_FIBRILLATION, 110, NONE, NORMAL", "ATRIAL_FLUTTER, 100, NONE, NORMAL",
    "THIRD_DEGREE_AV_BLOCK, 35, NONE, NORMAL", "VENTRICULAR_TACHYCARDIA, 170, NONE, NORMAL"})
  void rPeaksFoundByAnIndependentDetectorAgreeWithTheAnnotations(Rhythm rhythm, double bpm, Ectopy ectopy, Conduction conduction) {
    CardiacState state = new CardiacState(rhythm, bpm, 0, ectopy, ectopy == Ectopy.PVC ? 10 : 0, conduction, 0);
    Streamed s = stream(CardiacTimeline.steady(state), 360, 70, 5);
    // The lead a monitor would pick: the largest QRS among II, V2 and V5.
    float[] lead = java.util.stream.Stream.of(1, 7, 10).map(i -> s.millivolts()[i])
        .max(java.util.Comparator.comparingDouble(StreamingTwelveLeadGeneratorTest::peakToPeak)).orElseThrow();
    PanTompkinsDetector detector = new PanTompkinsDetector(360);
    List<Long> detected = new ArrayList<>();
    detector.accept(lead, detected::add);

    // The detector reports a beat about 0.35 s after it: the last second is left out of the score.
    long end = 69 * 360;
    long[] reference = s.beats().stream().mapToLong(Beat::rPeakSample).filter(r -> r < end).toArray();
    BeatByBeatScore score = BeatMatcher.score("streamed", reference,
        detected.stream().mapToLong(Long::longValue).filter(d -> d < end).toArray(), 360, 10 * 360);
    assertThat(score.sensitivity()).as("%s", score).isGreaterThanOrEqualTo(0.99);
    assertThat(score.positivePredictivity()).as("%s", score).isGreaterThanOrEqualTo(0.99);
    // And the annotation is the QRS itself, not just near it: the median distance to the detection is small.
    long[] offsets = new long[reference.length];
    int matched = 0;
    for (long r : reference) {
      long nearest = detected.stream().mapToLong(d -> Math.abs(d - r)).min().orElseThrow();
      if (nearest <= 0.15 * 360) {
        offsets[matched++] = nearest;
      }
    }
    long[] sorted = Arrays.copyOf(offsets, matched);
    Arrays.sort(sorted);
    // A bundle branch block's largest deflection can be its late R' (V1-V2) or notch, up to ~70 ms after the fiducial.
    long tolerance = conduction == Conduction.NORMAL ? 9 : 27;
    assertThat(sorted[matched / 2]).as("median |detection - annotation| in samples at 360 Hz").isLessThanOrEqualTo(tolerance);
  }

  private static double peakToPeak(float[] x) {
    float max = -Float.MAX_VALUE;
    float min = Float.MAX_VALUE;
    for (float v : x) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    return max - min;
  }

  @Test
  void atrialFibrillationHasFarMoreRrIrregularityThanSinusRhythm() {
    Streamed sinus = stream(CardiacTimeline.steady(CardiacState.sinus(80)), 500, 120, 3);
    Streamed af = stream(CardiacTimeline.steady(new CardiacState(Rhythm.ATRIAL_FIBRILLATION, 80, 0, Ectopy.NONE, 0,
        Conduction.NORMAL, 0)), 500, 120, 3);

    double sinusCv = SignalMeasurements.rrCoefficientOfVariation(sinus.beats());
    double afCv = SignalMeasurements.rrCoefficientOfVariation(af.beats());
    assertThat(sinusCv).isLessThan(0.05);
    assertThat(afCv).isGreaterThan(0.12).isGreaterThan(4 * sinusCv);
  }

  @ParameterizedTest
  @CsvSource({"LEFT_BUNDLE_BRANCH_BLOCK", "RIGHT_BUNDLE_BRANCH_BLOCK"})
  void bundleBranchBlockWidensTheQrsBeyond120MillisecondsFromItsScriptedTime(Conduction block) {
    BedScript bed = script(List.of(at(0, Rhythm.SINUS, 70),
        new RateChange(20_000, 70, Rhythm.SINUS, 0, Ectopy.NONE, 0, block, 0)), List.of());
    Streamed s = stream(bed, 500, 40, 9);
    Recording rec = s.recording();

    assertThat(medianWidth(rec, s.between(2, 19))).isLessThan(0.11);
    assertThat(medianWidth(rec, s.between(21, 39))).isGreaterThan(0.12);
    BeatClass expected = block == Conduction.LEFT_BUNDLE_BRANCH_BLOCK ? BeatClass.LEFT_BUNDLE_BRANCH_BLOCK
        : BeatClass.RIGHT_BUNDLE_BRANCH_BLOCK;
    List<BeatClass> classes = new ArrayList<>();
    new StreamingTwelveLeadGenerator(500, StandardLeads.TWELVE, bed, 9)
        .next(500 * 40, new float[12][500 * 40], (sample, c) -> {
          if (sample > 500 * 21) {
            classes.add(c);
          }
        });
    assertThat(classes).isNotEmpty().containsOnly(expected);
  }

  private static double medianWidth(Recording rec, List<Beat> beats) {
    double[] widths = beats.stream().mapToDouble(b -> SignalMeasurements.qrsWidthSeconds(rec, b)).sorted().toArray();
    return widths[widths.length / 2];
  }

  @Test
  void theSignalDoesNotDependOnHowItIsCutIntoFrames() {
    BedScript bed = script(List.of(at(0, Rhythm.SINUS, 75), at(7.3, Rhythm.ATRIAL_FIBRILLATION, 120),
        at(13.1, Rhythm.VENTRICULAR_FIBRILLATION, 100), at(17.9, Rhythm.SINUS, 60)), List.of(new Pause(21_000, 24_000)));

    Streamed frames = stream(bed, 500, 30, 4, 125);
    Streamed odd = stream(bed, 500, 30, 4, 7);
    Streamed whole = stream(bed, 500, 30, 4, 15_000);

    for (int lead = 0; lead < 12; lead++) {
      assertThat(Arrays.mismatch(odd.millivolts()[lead], frames.millivolts()[lead])).as("first difference, lead %d", lead).isEqualTo(-1);
      assertThat(Arrays.mismatch(whole.millivolts()[lead], frames.millivolts()[lead])).as("first difference, lead %d", lead).isEqualTo(-1);
    }
    assertThat(odd.beats()).isEqualTo(frames.beats());
    assertThat(whole.beats()).isEqualTo(frames.beats());
  }

  @Test
  void noStepAtARhythmChange() {
    // Largest sample-to-sample change in lead II outside QRS complexes stays small across every switch.
    BedScript bed = script(List.of(at(0, Rhythm.SINUS, 75), at(5, Rhythm.ATRIAL_FLUTTER, 150),
        at(10, Rhythm.VENTRICULAR_FIBRILLATION, 100), at(15, Rhythm.ASYSTOLE, 60), at(20, Rhythm.ATRIAL_FIBRILLATION, 90)),
        List.of());
    Streamed s = stream(bed, 500, 25, 8);
    float[] ii = s.millivolts()[1];
    for (double switchAt : new double[] {5, 10, 15, 20}) {
      int k = (int) (switchAt * 500);
      boolean nearQrs = s.beats().stream().anyMatch(b -> Math.abs(b.rPeakSample() - k) < 60);
      if (!nearQrs) {
        for (int i = k - 5; i < k + 5; i++) {
          assertThat(Math.abs(ii[i + 1] - ii[i])).as("step at %.1f s", switchAt).isLessThan(0.05f);
        }
      }
    }
  }

  @Test
  void scriptedRhythmsAndEventsTakeEffectAtTheirTimes() {
    BedScript bed = script(List.of(
        at(0, Rhythm.SINUS, 75),
        at(10, Rhythm.VENTRICULAR_TACHYCARDIA, 180),
        at(20, Rhythm.ASYSTOLE, 60),
        new RateChange(26_000, 70, Rhythm.SINUS, 0, Ectopy.BIGEMINY, 0, Conduction.NORMAL, 0),
        at(40, Rhythm.THIRD_DEGREE_AV_BLOCK, 32),
        at(60, Rhythm.SINUS, 80)), List.of(new Pause(65_000, 68_000)));
    List<long[]> beats = new ArrayList<>();
    new StreamingTwelveLeadGenerator(500, StandardLeads.TWELVE, bed, 2)
        .next(500 * 75, new float[12][500 * 75], (sample, c) -> beats.add(new long[] {sample, c.ordinal()}));

    assertThat(classesBetween(beats, 0.5, 10)).containsOnly(BeatClass.NORMAL);
    assertThat(classesBetween(beats, 11, 20)).containsOnly(BeatClass.VENTRICULAR).hasSizeBetween(26, 28);
    assertThat(classesBetween(beats, 21, 26)).isEmpty();
    List<BeatClass> bigeminy = classesBetween(beats, 28, 40);
    for (int i = 1; i < bigeminy.size(); i++) {
      assertThat(bigeminy.get(i)).as("bigeminy alternates").isNotEqualTo(bigeminy.get(i - 1));
    }
    assertThat(classesBetween(beats, 42, 60)).containsOnly(BeatClass.VENTRICULAR_ESCAPE).hasSizeBetween(8, 11);
    // The P wave just before the pause still conducts; after it nothing until the pause ends.
    assertThat(classesBetween(beats, 65.4, 68)).as("no beat in the pause").isEmpty();
  }

  private static List<BeatClass> classesBetween(List<long[]> beats, double fromSeconds, double toSeconds) {
    return beats.stream().filter(b -> b[0] >= fromSeconds * 500 && b[0] < toSeconds * 500)
        .map(b -> BeatClass.values()[(int) b[1]]).toList();
  }

  @Test
  void stShiftInLeadIiIsTheScriptedOne() {
    BedScript bed = script(List.of(new RateChange(0, 60, Rhythm.SINUS, 0.25)), List.of());
    Streamed s = stream(bed, 500, 20, 6);
    // ST level 120 ms after R against the PR segment 80 ms before it, averaged over beats, minus the same without ST.
    double sum = 0;
    int n = 0;
    for (Beat b : s.between(2, 19)) {
      int r = (int) b.rPeakSample();
      sum += s.millivolts()[1][r + 60] - s.millivolts()[1][r - 40];
      n++;
    }
    double withSt = sum / n;
    Streamed plain = stream(CardiacTimeline.steady(CardiacState.sinus(60)), 500, 20, 6);
    sum = 0;
    n = 0;
    for (Beat b : plain.between(2, 19)) {
      int r = (int) b.rPeakSample();
      sum += plain.millivolts()[1][r + 60] - plain.millivolts()[1][r - 40];
      n++;
    }
    assertThat(withSt - sum / n).isCloseTo(0.25, within(0.05));
  }

  @Test
  void sameSeedSameSignalOtherSeedOtherPatient() {
    CardiacTimeline t = CardiacTimeline.steady(CardiacState.sinus(70));
    assertThat(Arrays.equals(stream(t, 250, 10, 1).millivolts()[1], stream(t, 250, 10, 1).millivolts()[1])).isTrue();
    assertThat(Arrays.equals(stream(t, 250, 10, 1).millivolts()[1], stream(t, 250, 10, 2).millivolts()[1])).isFalse();
  }

  @Test
  void limbLeadsSatisfyEinthovenAndGoldberger() {
    Streamed s = stream(CardiacTimeline.steady(CardiacState.sinus(70)), 500, 5, 1);
    float[][] m = s.millivolts();
    for (int k = 0; k < m[0].length; k++) {
      assertThat(m[2][k]).isCloseTo(m[1][k] - m[0][k], within(1e-5f));
      assertThat(m[3][k]).isCloseTo(-(m[0][k] + m[1][k]) / 2, within(1e-5f));
    }
  }
}
