package org.ecgstream.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.junit.jupiter.api.Test;

/** {@link NoiseScore}'s nst-style noise calibration against the noise NSTDB really added. */
class NoiseScoreTest {

  @Test
  void snrOfTheNoiseIn118e00ByNstsDefinitionIsZeroDecibelsOnV1() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    WfdbRecord clean = WfdbRecord.read(mitdb, "118");
    WfdbRecord noisy = WfdbRecord.read(SharedData.folder("nstdb"), "118e00");
    int fs = 360;
    double[] snr = new double[2];
    for (int lead = 0; lead < 2; lead++) {
      float[] x = clean.physical(lead);
      float[] y = noisy.physical(lead);
      // The noise nst added: the noisy record less the clean one, over the six full noisy segments.
      float[] added = new float[6 * 120 * fs];
      int k = 0;
      for (int segment = 0; segment < 6; segment++) {
        for (int i = 0; i < 120 * fs; i++) {
          int j = (300 + 240 * segment) * fs + i;
          added[k++] = y[j] - x[j];
        }
      }
      double peakToPeak = NoiseScore.qrsPeakToPeak(x, AnnotationReader.read(mitdb, "118", "atr"), fs);
      snr[lead] = 20 * Math.log10(peakToPeak * Math.sqrt(2) / 4 / NoiseScore.rms(added, fs));
    }
    // V1 agrees with nst's 0 dB; on MLII this QRS measure reads 118's complexes larger than nst's
    // sigamp did, so MIXED records are about 5 dB noisier on such a lead than their label says.
    assertThat(snr[1]).isCloseTo(0.0, within(1.0));
    assertThat(snr[0]).isBetween(-6.0, 0.0);
  }

  @Test
  void muscleNoiseMixedInAtZeroDecibelsIsFlaggedInEveryNoisySegment() throws Exception {
    NoiseScore.StressResult r = NoiseScore.mixedStress(SharedData.folder("mitdb"), "119", SharedData.folder("nstdb"), "ma", 0);

    assertThat(r.record()).isEqualTo("119+ma@0dB");
    assertThat(r.segmentsFlagged()).isEqualTo(r.noisySegments()).isEqualTo(7);
    assertThat(r.cleanShareFlagged()).isLessThan(0.01);
  }
}
