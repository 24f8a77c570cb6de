package org.ecgstream.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.rhythm.RhythmListener;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.junit.jupiter.api.Test;

/**
 * The patient NOISE condition ({@link PatientRhythm} with a {@link LeadNoiseIndex} per lead) on real
 * recordings streamed in 250 ms blocks: electrode-motion noise of the MIT-BIH Noise Stress Test is
 * flagged, clean MIT-BIH records are not.
 */
class PatientNoiseTest {

  /** NSTDB README: noise from minute 5, 2 minutes noisy, 2 clean, alternating. */
  private static final int NOISE_FROM = 300;
  private static final int SEGMENT = 120;

  @Test
  void electrodeMotionAtZeroDecibelsIsFlaggedInEveryNoisySegmentAndNotBefore() throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("nstdb"), "118e00");
    List<double[]> noise = noiseSpans(record, 17 * 60);

    for (int start = NOISE_FROM; start + SEGMENT <= 17 * 60; start += 2 * SEGMENT) {
      double from = start;
      double to = start + SEGMENT + 10;
      assertThat(noise).as("NOISE during the noisy segment %d-%d s", start, start + SEGMENT)
          .anyMatch(span -> span[0] < to && span[1] > from);
    }
    // The first 5 minutes are record 118 as it is.
    assertThat(noise).noneMatch(span -> span[0] < NOISE_FROM);
    // And NOISE covers most of the noisy time, allowing 10 s to raise it.
    double covered = 0;
    for (double[] span : noise) {
      for (int start = NOISE_FROM; start + SEGMENT <= 17 * 60; start += 2 * SEGMENT) {
        covered += Math.max(0, Math.min(span[1], start + SEGMENT + 10) - Math.max(span[0], start + 10));
      }
    }
    assertThat(covered / (3 * SEGMENT)).isGreaterThan(0.6);
  }

  @Test
  void cleanRecordsRaiseNoNoise() throws Exception {
    for (String name : List.of("100", "118")) {
      WfdbRecord record = WfdbRecord.read(SharedData.folder("mitdb"), name);
      assertThat(noiseSpans(record, 30 * 60)).as("NOISE on MIT-BIH %s", name).isEmpty();
    }
  }

  @Test
  void ventricularFibrillationIsNeverCalledNoiseNorIsNoiseRaisedWhenItEnds() throws Exception {
    // CUDB cu01: VF from 214.2 s (cu01.atr), spliced to the same record's rhythm before it.
    WfdbRecord record = WfdbRecord.read(SharedData.folder("cudb"), "cu01");
    float[] signal = record.physical(0);
    int fs = 250;
    float[] vfThenRhythm = new float[90 * fs];
    System.arraycopy(signal, 250 * fs, vfThenRhythm, 0, 50 * fs);
    System.arraycopy(signal, 100 * fs, vfThenRhythm, 50 * fs, 40 * fs);
    List<String> events = new ArrayList<>();
    PatientRhythm rhythm = new PatientRhythm(fs, 1, 0, RhythmSettings.defaults());
    RhythmListener listener = new RhythmListener() {
      @Override
      public void fibrillationStarted(long sample, double leakage, double dominantHz) {
        events.add("vf");
      }

      @Override
      public void fibrillationEnded(long sample) {
        events.add("vf-ended");
      }

      @Override
      public void noiseStarted(long sample, List<LeadQuality> quality) {
        events.add("noise@" + sample / fs);
      }
    };
    for (int from = 0; from < vfThenRhythm.length; from += fs / 4) {
      rhythm.accept(new float[][] {Arrays.copyOfRange(vfThenRhythm, from, from + fs / 4)}, listener);
    }

    assertThat(events).containsExactly("vf", "vf-ended");
  }

  @Test
  void secondDetectorFindsTheReferenceBeatsOfACleanRecord() throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("mitdb"), "100");
    List<org.ecgstream.core.wfdb.Annotation> reference = org.ecgstream.core.wfdb.AnnotationReader
        .read(SharedData.folder("mitdb"), "100", "atr").stream().filter(a -> a.isBeat() && a.sample() > 2 * 360).toList();
    List<Long> found = new ArrayList<>();
    new HaarQrsDetector(360).accept(record.physical(0), found::add);

    long matched = reference.stream().filter(a -> found.stream().anyMatch(b -> Math.abs(b - a.sample()) <= 54)).count();
    assertThat(matched / (double) reference.size()).isGreaterThan(0.99);
    assertThat(found.size()).isBetween((int) (0.99 * reference.size()), (int) (1.01 * reference.size()) + 2);
  }

  /** NOISE episodes as [start, end] in seconds over the first {@code seconds} of every lead. */
  private static List<double[]> noiseSpans(WfdbRecord record, int seconds) {
    int fs = (int) record.samplingFrequencyHz();
    int leads = record.signalCount();
    float[][] signal = new float[leads][];
    for (int l = 0; l < leads; l++) {
      signal[l] = Arrays.copyOf(record.physical(l), seconds * fs);
    }
    List<double[]> spans = new ArrayList<>();
    PatientRhythm rhythm = new PatientRhythm(fs, leads, 0, RhythmSettings.defaults());
    RhythmListener listener = new RhythmListener() {
      @Override
      public void noiseStarted(long sample, List<LeadQuality> quality) {
        assertThat(quality).hasSize(leads).allMatch(q -> !q.usable() || q.noisy());
        spans.add(new double[] {sample / (double) fs, seconds});
      }

      @Override
      public void noiseEnded(long sample, List<LeadQuality> quality) {
        spans.get(spans.size() - 1)[1] = sample / (double) fs;
      }
    };
    int block = fs / 4;
    float[][] chunk = new float[leads][];
    for (int from = 0; from < seconds * fs; from += block) {
      for (int l = 0; l < leads; l++) {
        chunk[l] = Arrays.copyOfRange(signal[l], from, Math.min(seconds * fs, from + block));
      }
      rhythm.accept(chunk, listener);
    }
    return spans;
  }
}
