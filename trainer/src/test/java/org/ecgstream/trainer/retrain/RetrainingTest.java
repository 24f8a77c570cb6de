package org.ecgstream.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.DatasetLineage;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.simulators.report.BedReports;
import org.ecgstream.trainer.train.CorpusBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HEAVY (two short DJL training runs of the tiny model, about a minute on 2 shared cores): re-training
 * the default bundle (0.1.0, weights in models/cmelt-tiny-weights) from an archive of simulated
 * beds with their simulated reports, mixed half and half with PTB-XL's training pairs, a few steps;
 * candidate and production evaluated on the same held-out CinC 2017 recordings.
 */
@Tag("heavy")
@Timeout(300)
class RetrainingTest {

  @TempDir static Path tmp;
  static Path archive;

  @BeforeAll
  static void archive() throws Exception {
    archive = tmp.resolve("archive");
    SimulatedArchive.write(archive, SimulatedArchive.beds(4), 120, BedReports.Settings.defaults());
  }

  @Test
  void candidateWithinTolerancePassesTheGateWithItsLineageInTheManifest() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Retraining.Outcome outcome = new Retraining(options(0.5, 4, 0.05, "0.1.1"), CorpusBuilder.noSimulation(),
        new PrintStream(progress, true, StandardCharsets.UTF_8))
        .run(ModelBundle.open(DefaultBundle.dir()), weights(), tmp.resolve("run-1"));

    assertThat(outcome.passed()).as(outcome.decision().explanation() + "\n" + progress).isTrue();
    assertThat(outcome.archiveCounts().pairs()).isEqualTo(8);
    assertThat(outcome.mix().archivePairs()).isEqualTo(8);
    assertThat(outcome.mix().basePairs()).isGreaterThan(300);
    assertThat(outcome.productionMetrics()).containsOnlyKeys(HeldOutEvaluation.GATED);
    assertThat(outcome.candidateMetrics()).containsOnlyKeys(HeldOutEvaluation.GATED);

    BundleManifest m = ModelBundle.open(outcome.candidateBundle()).manifest();
    assertThat(m.version()).isEqualTo("0.1.1");
    assertThat(m.metrics()).containsAllEntriesOf(outcome.candidateMetrics())
        .containsEntry("heldout.production.zero_shot_af_auc",
            outcome.productionMetrics().get(HeldOutEvaluation.ZERO_SHOT_AF_AUC));
    @SuppressWarnings("unchecked")
    Map<String, Object> lineage = (Map<String, Object>) m.config().get(Retraining.LINEAGE_KEY);
    assertThat(lineage).containsEntry("parent_version", "0.1.0")
        .containsEntry("archive_snapshot_sha256", ArchiveSnapshot.of(archive).sha256())
        .containsEntry("base_mix", 0.5)
        .containsEntry("steps", 4)
        .containsEntry("gate", "passed");
    assertThat(m.trainingData()).extracting(DatasetLineage::dataset).contains("archive", "ptbxl");
    assertThat(m.trainingData().get(0).contentSha256()).isEqualTo(ArchiveSnapshot.of(archive).sha256());
    assertThat(m.gitCommit()).isEqualTo("0123456789abcdef");
    assertThat(Files.readString(tmp.resolve("run-1").resolve(Retraining.OUTCOME_FILE))).contains("\"passed\" : true");
    // Every step updated the weights (none skipped for non-finite gradients): the candidate is not production renamed.
    assertThat(Files.readString(tmp.resolve("run-1").resolve(Retraining.MODEL_DIR).resolve("training.json")))
        .contains("\"skipped_updates\" : 0");
    assertThat(progress.toString()).doesNotContain("non-finite gradients");
    assertThat(progress.toString()).contains("retrain: [3/6] continuing pre-training", "retrain: [6/6] gate: passed");
  }

  @Test
  void candidateThatMustBeatProductionByAWholeAucIsRefusedNamingTheMetric() throws Exception {
    Retraining.Outcome outcome = new Retraining(options(0, 2, -1, "0.1.2"), CorpusBuilder.noSimulation(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .run(ModelBundle.open(DefaultBundle.dir()), weights(), tmp.resolve("run-2"));

    assertThat(outcome.passed()).isFalse();
    assertThat(outcome.decision().failures()).extracting(RetrainGate.Failure::metric)
        .containsExactlyElementsOf(HeldOutEvaluation.GATED);
    assertThat(outcome.decision().explanation()).startsWith("heldout.zero_shot_af_auc ")
        .contains("is below production's", "by more than the tolerance -1.0000");
  }

  private static RetrainOptions options(double baseShare, int steps, double tolerance, String version) {
    return new RetrainOptions(archive, SharedData.folder("ptbxl").getParent(), "tiny", steps, null, baseShare, 0, 0,
        3, 30, RetrainOptions.defaultGate(tolerance), 5, "cmelt-tiny", version, "0123456789abcdef");
  }

  private static Path weights() {
    return DefaultBundle.dir().resolveSibling(DefaultBundle.NAME + "-weights");
  }
}
