package org.ecgstream.core.qrs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.scoring.BeatByBeatScore;
import org.ecgstream.core.scoring.QrsDatabaseScore;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;

/** The streaming Pan-Tompkins detector, scored the AAMI EC57 way on real records. */
class PanTompkinsDetectorTest {

  @Test
  void meetsNinetyNinePointFivePercentGrossSensitivityAndPredictivityOnAllOfMitBih() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    QrsDatabaseScore.Result result = QrsDatabaseScore.score(mitdb, QrsDetectors.Kind.PAN_TOMPKINS::create, 0.25, r -> {});

    assertThat(result.records()).hasSize(48);
    BeatByBeatScore gross = result.gross();
    assertThat(gross.truePositives() + gross.falseNegatives()).as("reference beats scored").isGreaterThan(90_000);
    assertThat(gross.sensitivity()).as("gross Se").isGreaterThanOrEqualTo(0.995);
    assertThat(gross.positivePredictivity()).as("gross +P").isGreaterThanOrEqualTo(0.995);
  }

  @Test
  void findsEveryBeatOfCleanNoiseStressRecordAt24Db() throws Exception {
    QrsDatabaseScore.Result result = QrsDatabaseScore.score(
        SharedData.folder("nstdb"), QrsDetectors.Kind.PAN_TOMPKINS::create, 0.25, r -> {});
    BeatByBeatScore at24 = result.records().stream().map(QrsDatabaseScore.RecordResult::score)
        .filter(s -> s.record().equals("118e24")).findFirst().orElseThrow();
    assertThat(at24.sensitivity()).isGreaterThanOrEqualTo(0.999);
    assertThat(at24.positivePredictivity()).isGreaterThanOrEqualTo(0.999);
  }

  @Test
  void anElectrodeArtifactInTheFirstSecondsDoesNotBlindTheDetector() throws Exception {
    // Normal-rhythm CinC 2017 recordings that start with an artifact of several millivolts: the
    // detector used to learn its levels from it and then found no beat at all in 30 s.
    for (String name : List.of("A01445", "A01604", "A01933", "A02667")) {
      org.ecgstream.core.wfdb.WfdbRecord record =
          org.ecgstream.core.wfdb.WfdbRecord.read(SharedData.folder("cinc2017"), name);
      float[] signal = record.physical(0);
      int fs = (int) record.samplingFrequencyHz();
      int cut = 3 * fs;

      List<Long> whole = beats(signal, fs, 0);
      List<Long> afterArtifact = beats(java.util.Arrays.copyOfRange(signal, cut, signal.length), fs, cut);

      List<Long> comparable = afterArtifact.stream().filter(b -> b >= 6L * fs).toList();
      assertThat(comparable).as(name + ": beats once started after the artifact").hasSizeGreaterThan(15);
      List<Long> wholeComparable = whole.stream().filter(b -> b >= 6L * fs).toList();
      assertThat(wholeComparable).as(name + ": same beats from the start as from after the artifact")
          .hasSameSizeAs(comparable);
      for (int k = 0; k < comparable.size(); k++) {
        assertThat(Math.abs(wholeComparable.get(k) - comparable.get(k))).as(name + " beat " + k).isLessThanOrEqualTo(fs / 20);
      }
    }
  }

  private static List<Long> beats(float[] signal, int fs, long offset) {
    List<Long> beats = new ArrayList<>();
    new PanTompkinsDetector(fs).accept(signal, b -> beats.add(b + offset));
    return beats;
  }

  @Test
  void aStepOfTwentyMillivoltsDoesNotBlindTheDetectorForTheBeatsAfterIt() throws Exception {
    // Where heavy noise with baseline drift stops abruptly (118 + NSTDB noise at -6 dB jumps by 25-45 mV
    // at 900 s), or an electrode is knocked, the signal jumps: a peak over a hundred times a QRS's energy.
    // Taken into the signal level whole, it set the threshold above every QRS for the rest of the
    // record (here: no beat in the 58 s after a 20 mV step; a false asystole on a one-lead monitor).
    float[] signal = org.ecgstream.core.wfdb.WfdbRecord.read(SharedData.folder("mitdb"), "100").physical(0);
    int fs = 360;
    float[] stepped = java.util.Arrays.copyOf(signal, 120 * fs);
    for (int i = 60 * fs + fs / 3; i < stepped.length; i++) {
      stepped[i] += 20f;
    }

    List<Long> clean = beats(java.util.Arrays.copyOf(signal, 120 * fs), fs, 0).stream().filter(b -> b > 62L * fs).toList();
    List<Long> afterStep = beats(stepped, fs, 0).stream().filter(b -> b > 62L * fs).toList();

    assertThat(clean).hasSizeGreaterThan(60);
    assertThat(afterStep).as("beats from 2 s after the step on, as without it").isEqualTo(clean);
  }

  @Test
  void afterTenSecondsWithoutBeatsSmallerComplexesAreFoundBySearchBackAtTheHeartsOwnRate() throws Exception {
    // 100's MLII, 10 s of standstill (baseline + 20 uV) from 30 s, then its rhythm again at a third of
    // the amplitude, below the threshold learned before. The 10 s interval must not enter the mean RR
    // that times search-back, or search-back waits 1.66 x ~2 s for each of the next eight beats (before
    // the change: 3 beats in 48-60 s, gaps up to 5.7 s; now every beat from 47 s on).
    float[] signal = org.ecgstream.core.wfdb.WfdbRecord.read(SharedData.folder("mitdb"), "100").physical(0);
    int fs = 360;
    float[] test = java.util.Arrays.copyOf(signal, 70 * fs);
    java.util.Random noise = new java.util.Random(3);
    for (int i = 30 * fs; i < 40 * fs; i++) {
      test[i] = (float) (-0.3 + 0.02 * noise.nextGaussian());
    }
    for (int i = 40 * fs; i < test.length; i++) {
      test[i] = (float) (-0.3 + (signal[i] + 0.3) / 3);
    }

    List<Long> after = beats(test, fs, 0).stream().filter(b -> b > 48L * fs).toList();

    assertThat(after).as("beats from 48 s on").hasSizeGreaterThan(24);
    for (int k = 1; k < after.size(); k++) {
      assertThat((after.get(k) - after.get(k - 1)) / (double) fs).as("RR before the beat at %.1f s", after.get(k) / (double) fs)
          .isLessThan(1.5);
    }
  }

  @Test
  void blockSizeDoesNotChangeTheBeatsFound() throws Exception {
    float[] signal = org.ecgstream.core.wfdb.WfdbRecord.read(SharedData.folder("mitdb"), "100").physical(0);
    assertThat(detect(signal, 1)).isEqualTo(detect(signal, 90)).isEqualTo(detect(signal, 3600));
  }

  @Test
  void flatLineGivesNoBeats() {
    PanTompkinsDetector detector = new PanTompkinsDetector(500);
    List<Long> beats = new ArrayList<>();
    detector.accept(new float[500 * 30], beats::add);
    assertThat(beats).isEmpty();
  }

  private static List<Long> detect(float[] signal, int block) {
    PanTompkinsDetector detector = new PanTompkinsDetector(360);
    List<Long> beats = new ArrayList<>();
    int limit = 360 * 120;
    for (int from = 0; from < limit; from += block) {
      detector.accept(java.util.Arrays.copyOfRange(signal, from, Math.min(limit, from + block)), beats::add);
    }
    return beats;
  }
}
