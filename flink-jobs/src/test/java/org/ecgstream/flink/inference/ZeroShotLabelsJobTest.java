package org.ecgstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.replay.RecordReplayer;
import org.ecgstream.simulators.twelvelead.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Zero-shot labels from the default bundle on simulated 12-lead recordings, through the Flink operators. */
@Timeout(60)
class ZeroShotLabelsJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  @Test
  void simulatedAtrialFibrillationScoresHigherThanSinusWithOneLabelPerFiveSecondWindow() throws Exception {
    String version = ModelBundle.open(ModelTestData.BUNDLE).manifest().version();
    List<EcgFrame> frames = ModelTestData.interleaved(List.of(
        ModelTestData.simulated(Finding.ATRIAL_FIBRILLATION, 60, 11, "p-af"),
        ModelTestData.simulated(Finding.SINUS_RHYTHM, 60, 12, "p-sinus")));

    long started = System.nanoTime();
    List<EcgLabel> labels = ModelTestData.labels(frames, ModelTestData.model(), 2);
    System.out.printf("labels: %d in %.2f s%n", labels.size(), (System.nanoTime() - started) / 1e9);

    double af = meanAf(labels, "p-af");
    double sinus = meanAf(labels, "p-sinus");
    System.out.printf("mean AF probability: AF %.4f, sinus %.4f%n", af, sinus);
    // 60 s of signal: windows of 10 s ending every 5 s from 10 s to 60 s, 11 per patient.
    List<Long> ends = LongStream.rangeClosed(2, 12).map(k -> ModelTestData.T0 + k * 5_000).boxed().toList();
    for (String patient : List.of("p-af", "p-sinus")) {
      List<EcgLabel> mine = labels.stream().filter(l -> l.getPatientId().equals(patient)).toList();
      assertThat(mine).extracting(EcgLabel::getWindowEndMillis).containsExactlyElementsOf(ends);
      assertThat(mine).allSatisfy(l -> {
        assertThat(l.getWindowEndMillis() - l.getWindowStartMillis()).isEqualTo(10_000);
        assertThat(l.getModelVersion()).isEqualTo(version);
        assertThat(l.getModelStage()).isEqualTo("production");
        assertThat(l.getBedId()).isEqualTo("bed-" + patient);
        assertThat(l.getScores()).extracting(s -> s.getLabel())
            .containsExactly("normal", "atrial_fibrillation", "other", "st_change", "conduction_block");
      });
    }
    assertThat(af).isGreaterThan(sinus);
  }

  @Test
  void realCinc2017AtrialFibrillationRecordingsScoreHigherThanNormalOnesAtTheirOwnRate() throws Exception {
    Path cinc = SharedData.folder("cinc2017");
    List<String> af = firstRecords(cinc, "A", 6);
    List<String> normal = firstRecords(cinc, "N", 6);
    List<List<EcgFrame>> patients = new ArrayList<>();
    for (String name : concat(af, normal)) {
      // Single lead at 300 Hz, replayed as lead I: the operator resamples to the model's 100 Hz.
      RecordReplayer replayer = new RecordReplayer(WfdbRecord.read(cinc, name), "dev-" + name, ModelTestData.T0,
          ModelTestData.FRAME_MILLIS, Map.of("ECG", Lead.I));
      List<EcgFrame> frames = replayer.all();
      frames.forEach(f -> f.setPatientId(name));
      patients.add(frames);
    }

    List<EcgLabel> labels = ModelTestData.labels(ModelTestData.interleaved(patients), ModelTestData.model(), 2);

    assertThat(labels.stream().map(EcgLabel::getPatientId).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(concat(af, normal));
    double afMean = mean(labels, Set.copyOf(af));
    double normalMean = mean(labels, Set.copyOf(normal));
    System.out.printf("CinC 2017: %d labels; mean AF probability over AF recordings %.4f, over normal %.4f%n",
        labels.size(), afMean, normalMean);
    assertThat(afMean).isGreaterThan(normalMean);
  }

  private static List<String> firstRecords(Path cinc, String label, int n) throws IOException {
    return Files.readAllLines(cinc.resolve("REFERENCE.csv")).stream().map(l -> l.split(","))
        .filter(f -> f.length == 2 && f[1].trim().equals(label)).map(f -> f[0].trim()).limit(n).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static double mean(List<EcgLabel> labels, Set<String> patients) {
    return labels.stream().filter(l -> patients.contains(l.getPatientId()))
        .mapToDouble(l -> ModelTestData.score(l, "atrial_fibrillation")).average().orElseThrow();
  }

  static double meanAf(List<EcgLabel> labels, String patient) {
    return labels.stream().filter(l -> l.getPatientId().equals(patient))
        .mapToDouble(l -> ModelTestData.score(l, "atrial_fibrillation")).average().orElseThrow();
  }

}
