package org.ecgstream.core.rhythm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.scoring.NoiseScore;
import org.ecgstream.core.scoring.QrsDatabaseScore;
import org.ecgstream.core.testdata.RecordedRhythmEvents.Event;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.testdata.StreamedRhythm;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.junit.jupiter.api.Test;

/**
 * Asystole around the end of heavy noise (issue #12): MIT-BIH 118 with NSTDB's muscle ({@code ma}) and
 * baseline-wander ({@code bw}) noise mixed in at -6 dB the way WFDB's {@code nst} does (noise from
 * minute 5, 2 min on, 2 off). The noise stops abruptly at 900 s; the step that leaves used to set
 * Pan-Tompkins' signal level far above every QRS and raise a false ASYSTOLE at 905 s. A heart that
 * really stops when the noise does must still be called asystole within the usual delay.
 */
class AsystoleAfterNoiseTest {

  private static final int FS = 360;
  /** The third noisy segment of the stress test (780-900 s) ends here. */
  private static final int NOISE_ENDS_SECONDS = 900;
  /** The clean minute before the segment, the segment, and the first minute after it. */
  private static final int FROM_SECONDS = 720;
  private static final int TO_SECONDS = 960;

  @Test
  void noAsystoleWhenHeavyMuscleOrBaselineNoiseStopsAndTheHeartBeatsOn() throws Exception {
    for (String noise : List.of("ma", "bw")) {
      float[][] mix = window(NoiseScore.nstMix(SharedData.folder("mitdb"), "118", SharedData.folder("nstdb"), noise, -6));

      List<Event> events = StreamedRhythm.run(mix, FS, primaryLead());

      assertThat(events).as("118+%s@-6dB, %d-%d s", noise, FROM_SECONDS, TO_SECONDS)
          .noneMatch(e -> e.kind().equals("asystole"));
      assertThat(events).as("beats carry on after the noise: no pause either")
          .noneMatch(e -> e.kind().equals("pause") && e.seconds() + FROM_SECONDS > NOISE_ENDS_SECONDS);
    }
  }

  @Test
  void heartStoppingAsTheNoiseStopsIsAsystoleWithinTheUsualDelay() throws Exception {
    float[][] mix = window(NoiseScore.nstMix(SharedData.folder("mitdb"), "118", SharedData.folder("nstdb"), "ma", -6));
    float[][] stopped = stopHeart(mix, NOISE_ENDS_SECONDS - FROM_SECONDS, 12);

    List<Event> events = StreamedRhythm.run(stopped, FS, primaryLead());

    assertAsystoleFourToFiveAndAHalfSecondsAfter(events, NOISE_ENDS_SECONDS - FROM_SECONDS);
  }

  @Test
  void heartStoppingInCleanSignalIsAsystoleWithinTheUsualDelay() throws Exception {
    WfdbRecord clean = WfdbRecord.read(SharedData.folder("mitdb"), "118");
    float[][] leads = new float[clean.signalCount()][];
    for (int l = 0; l < leads.length; l++) {
      leads[l] = clean.physical(l);
    }
    int stopAt = 60;
    float[][] stopped = stopHeart(window(leads), stopAt, 12);

    List<Event> events = StreamedRhythm.run(stopped, FS, primaryLead());

    assertAsystoleFourToFiveAndAHalfSecondsAfter(events, stopAt);
  }

  /**
   * One asystole, raised 4 s after the last beat (the one just before {@code stopAt}) plus the
   * detector's reporting lag and a block, at most 5.5 s after {@code stopAt} (as in
   * {@link PatientRhythmTest}), and ended by the first beat after the 12 s of standstill.
   */
  private static void assertAsystoleFourToFiveAndAHalfSecondsAfter(List<Event> events, int stopAt) {
    List<Event> asystole = events.stream().filter(e -> e.kind().startsWith("asystole")).toList();
    assertThat(asystole).extracting(Event::kind).containsExactly("asystole", "asystole-ended");
    assertThat(asystole.get(0).seconds()).isBetween(stopAt + 3.0, stopAt + 5.5);
    assertThat(asystole.get(1).seconds()).isBetween(stopAt + 12.0, stopAt + 13.5);
    assertThat(events).noneMatch(e -> e.kind().equals("vf") || e.kind().equals("signal-lost"));
  }

  /**
   * {@code seconds} of ventricular standstill from {@code atSeconds} on every lead: the lead's own
   * level at that moment (noise-free signal) plus 20 uV of baseline noise, as from a living electrode.
   */
  private static float[][] stopHeart(float[][] leads, int atSeconds, int seconds) {
    Random noise = new Random(12);
    float[][] out = new float[leads.length][];
    for (int l = 0; l < leads.length; l++) {
      out[l] = leads[l].clone();
      float level = baselineBefore(leads[l], atSeconds * FS);
      for (int i = atSeconds * FS; i < (atSeconds + seconds) * FS; i++) {
        out[l][i] = (float) (level + 0.02 * noise.nextGaussian());
      }
    }
    return out;
  }

  /** The median of the lead's last second before {@code sample}: where its baseline is. */
  private static float baselineBefore(float[] lead, int sample) {
    float[] last = Arrays.copyOfRange(lead, sample - FS, sample);
    Arrays.sort(last);
    return last[last.length / 2];
  }

  private static float[][] window(float[][] leads) {
    float[][] out = new float[leads.length][];
    for (int l = 0; l < leads.length; l++) {
      out[l] = Arrays.copyOfRange(leads[l], FROM_SECONDS * FS, TO_SECONDS * FS);
    }
    return out;
  }

  private static int primaryLead() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    return QrsDatabaseScore.scoredSignal(WfdbRecord.read(mitdb, "118"));
  }
}
