package org.ecgstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.inference.OnnxEncoders;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.WarningCapture;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.simulators.twelvelead.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batching across patients and subtasks, the CUDA fallback, and a missing bundle. */
@Timeout(60)
class BatchedInferenceJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  @Test
  void eightPatientsAtOnceShareBatchesAndEveryWindowGetsExactlyOneLabel() throws Exception {
    List<List<EcgFrame>> patients = new ArrayList<>();
    for (int p = 0; p < 8; p++) {
      Finding rhythm = p % 2 == 0 ? Finding.SINUS_RHYTHM : Finding.ATRIAL_FIBRILLATION;
      patients.add(ModelTestData.simulated(rhythm, 60, 100 + p, "p-" + p));
    }
    long batchesBefore = InferenceBatcher.totals().batches.get();
    long windowsBefore = InferenceBatcher.totals().windows.get();
    long nanosBefore = InferenceBatcher.totals().inferenceNanos.get();

    long started = System.nanoTime();
    List<EcgLabel> labels = ModelTestData.labels(ModelTestData.interleaved(patients), ModelTestData.model(), 2);
    double seconds = (System.nanoTime() - started) / 1e9;

    long batches = InferenceBatcher.totals().batches.get() - batchesBefore;
    long windows = InferenceBatcher.totals().windows.get() - windowsBefore;
    double inferenceMillis = (InferenceBatcher.totals().inferenceNanos.get() - nanosBefore) / 1e6;
    System.out.printf("batching: %d windows in %d batches (mean %.1f, largest so far %d), ONNX %.1f ms in all,"
            + " job %.2f s (%.0f labels/s end to end)%n", windows, batches, windows / (double) batches,
        InferenceBatcher.totals().largestBatch.get(), inferenceMillis, seconds, labels.size() / seconds);
    // 8 patients x 11 windows (10 s long, ending every 5 s from 10 s to 60 s).
    assertThat(labels).hasSize(88);
    assertThat(labels.stream().map(l -> l.getPatientId() + "@" + l.getWindowEndMillis()).collect(Collectors.toSet()))
        .hasSize(88);
    assertThat(windows).isEqualTo(88);
    assertThat(batches).as("batches for 88 windows").isLessThan(88);
  }

  @Test
  void cudaRequestFallsBackToCpuWithExactlyOneWarning() throws Exception {
    List<String> warnings;
    try (WarningCapture capture = WarningCapture.of(OnnxEncoders.class)) {
      List<EcgFrame> frames = ModelTestData.interleaved(List.of(
          ModelTestData.simulated(Finding.SINUS_RHYTHM, 20, 1, "p-a"),
          ModelTestData.simulated(Finding.ATRIAL_FIBRILLATION, 20, 2, "p-b")));

      List<EcgLabel> labels = ModelTestData.labels(frames, ModelTestData.model().onDevice("cuda"), 2);

      assertThat(labels).hasSize(6);
      warnings = capture.messages();
    }
    // Two subtasks share one session, so one fallback and one warning for the job.
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("inference.device.fallback").contains("requested=cuda:0").contains("used=cpu");
  }

  @Test
  void missingBundleFailsAtStartNamingTheDirectory() {
    Path missing = Path.of("target", "no-such-model");
    List<EcgFrame> frames = ModelTestData.simulated(Finding.SINUS_RHYTHM, 12, 1, "p-a");

    assertThatThrownBy(() -> ModelTestData.labels(frames, ModelConfig.defaults(missing.toString()), 1))
        .hasMessageContaining(missing.toAbsolutePath().toString());
  }
}
