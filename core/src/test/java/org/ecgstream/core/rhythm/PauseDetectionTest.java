package org.ecgstream.core.rhythm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.scoring.QrsDatabaseScore;
import org.ecgstream.core.testdata.RecordedRhythmEvents.Event;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.testdata.StreamedRhythm;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pause detection and its interplay with asystole, on MIT-BIH and on spliced recordings. */
class PauseDetectionTest {

  private static final int FS = 360;
  /** A reported pause and an annotated RR interval are the same when both ends agree this well. */
  private static final double MATCH_SECONDS = 0.2;
  /** The QRS detector reports a beat up to about this long after it (later when found by search-back). */
  private static final double BEAT_REPORT_LAG_SECONDS = 1.0;

  @Test
  void everyLongRrIntervalOfMitBih232IsAPauseOrAnAsystoleAndNothingElseIs() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    WfdbRecord record = WfdbRecord.read(mitdb, "232");
    List<Event> events = StreamedRhythm.run(record, new int[] {0, 1}, QrsDatabaseScore.scoredSignal(record));
    List<double[]> annotatedRr = longRrIntervals(mitdb, "232", 2.5);
    List<Event> pauses = events.stream().filter(e -> e.kind().equals("pause")).toList();
    List<Event> asystoles = events.stream().filter(e -> e.kind().equals("asystole")).toList();

    // Each reported pause is an annotated long RR interval, with its length.
    for (Event p : pauses) {
      assertThat(annotatedRr).as("annotated RR ending at %.2f s", p.seconds()).anyMatch(rr ->
          Math.abs(rr[1] - p.seconds()) <= MATCH_SECONDS && Math.abs(rr[1] - rr[0] - p.value() / 1000) <= MATCH_SECONDS);
      assertThat(p.value()).isGreaterThanOrEqualTo(3000);
    }
    // Each annotated RR of 3.1 s or more is reported once: as a pause, or (when it lasted into the
    // asystole delay) as an asystole, never as both.
    int asPause = 0;
    int asAsystole = 0;
    for (double[] rr : annotatedRr) {
      if (rr[1] - rr[0] < 3.1) {
        continue;
      }
      boolean pause = pauses.stream().anyMatch(p -> Math.abs(p.seconds() - rr[1]) <= MATCH_SECONDS);
      // Asystole can be raised just after the RR ended, before the QRS detector reports its beat.
      boolean asystole = asystoles.stream().anyMatch(a -> a.seconds() > rr[0] && a.seconds() < rr[1] + BEAT_REPORT_LAG_SECONDS);
      assertThat(pause ^ asystole).as("RR of %.2f s ending at %.1f s: pause %s, asystole %s", rr[1] - rr[0], rr[1], pause, asystole)
          .isTrue();
      asPause += pause ? 1 : 0;
      asAsystole += asystole ? 1 : 0;
    }
    assertThat(asPause).isGreaterThanOrEqualTo(15);
    assertThat(asAsystole).isGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest(name = "mitdb/{0}")
  @ValueSource(strings = {"100", "103", "117"})
  void normalRhythmRaisesNoPause(String name) throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("mitdb"), name);
    assertThat(StreamedRhythm.run(record, new int[] {0, 1}, QrsDatabaseScore.scoredSignal(record)))
        .noneMatch(e -> e.kind().equals("pause") || e.kind().equals("asystole"));
  }

  @Test
  void aThreeAndAHalfSecondRrIsAPauseAndATwelveSecondOneIsAsystoleOnly() throws Exception {
    float[] sinus = WfdbRecord.read(SharedData.folder("mitdb"), "100").physical(0);
    // 20 s sinus, 2.8 s of baseline noise, 20 s sinus, 12 s of noise, 20 s sinus. Record 100's
    // beats nearest the cuts (100.atr: 19.739 s, 20.531 s) make the first RR 2.8 + 0.792 = 3.59 s.
    float[] spliced = new float[(int) (74.8 * FS)];
    Random noise = new Random(11);
    int at = 0;
    at = copy(sinus, 0, spliced, at, 20 * FS);
    at = noise(spliced, at, (int) (2.8 * FS), noise);
    at = copy(sinus, 20 * FS, spliced, at, 20 * FS);
    at = noise(spliced, at, 12 * FS, noise);
    copy(sinus, 40 * FS, spliced, at, 20 * FS);

    List<Event> events = StreamedRhythm.run(new float[][] {spliced}, FS, 0).stream()
        .filter(e -> e.kind().equals("pause") || e.kind().startsWith("asystole")).toList();

    assertThat(events).extracting(Event::kind).containsExactly("pause", "asystole", "asystole-ended");
    assertThat(events.get(0).value()).isBetween(3490.0, 3690.0);
    assertThat(events.get(0).seconds()).isBetween(23.2, 23.45);
  }

  @Test
  void aPauseLimitAtOrAboveTheAsystoleDelayIsRefusedWithWhatToDo() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RhythmSettings.defaults().withPauseMillis(4000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asystole delay");
    assertThat(RhythmSettings.defaults().withPauseMillis(2500).pauseMillis()).isEqualTo(2500);
  }

  private static int copy(float[] from, int fromAt, float[] to, int at, int length) {
    System.arraycopy(from, fromAt, to, at, length);
    return at + length;
  }

  /** Baseline noise of 20 uV around -0.3 mV, as from a living electrode without a heartbeat. */
  private static int noise(float[] to, int at, int length, Random random) {
    for (int i = at; i < at + length; i++) {
      to[i] = (float) (-0.3 + 0.02 * random.nextGaussian());
    }
    return at + length;
  }

  /** Annotated RR intervals of at least {@code seconds}, as [start, end] seconds. */
  private static List<double[]> longRrIntervals(Path mitdb, String name, double seconds) throws Exception {
    List<double[]> out = new ArrayList<>();
    long previous = -1;
    for (Annotation a : AnnotationReader.read(mitdb, name, "atr")) {
      if (!a.isBeat()) {
        continue;
      }
      if (previous >= 0 && a.sample() - previous >= seconds * FS) {
        out.add(new double[] {previous / (double) FS, a.sample() / (double) FS});
      }
      previous = a.sample();
    }
    return out;
  }
}
