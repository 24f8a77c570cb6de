package org.ecgstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ecgstream.trainer.model.CmeltConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(300)
class PretrainerTest {

  @TempDir Path out;

  @Test
  void lossFallsOnRealEcgReportPairs() throws Exception {
    CmeltConfig config = SmallRealCorpus.micro(60, 8);
    PretrainingCorpus corpus = SmallRealCorpus.firstRecords(16, config.input(), 300);
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    Pretrainer.Result result =
        new Pretrainer(config, corpus, out, new PrintStream(log, true, StandardCharsets.UTF_8)).run(false);

    assertThat(result.losses()).hasSize(60);
    double first = result.meanTotal(10, false);
    double last = result.meanTotal(10, true);
    assertThat(last).as("mean loss of the last 10 steps vs the first 10").isLessThan(0.8 * first);
    String progress = log.toString(StandardCharsets.UTF_8);
    assertThat(progress).contains("step 60/60").contains("samples/s").contains("mlm");
    assertThat(out.resolve(Checkpoint.FILE)).exists();
  }

  @Test
  void resumedRunTakesExactlyTheStepsOfAnUninterruptedOne() throws Exception {
    CmeltConfig full = SmallRealCorpus.micro(8, 4);
    PretrainingCorpus corpus = SmallRealCorpus.firstRecords(8, full.input(), 200);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    Pretrainer.Result uninterrupted = new Pretrainer(full, corpus, out.resolve("a"), quiet).run(false);
    CmeltConfig firstHalf = SmallRealCorpus.micro(4, 4);
    new Pretrainer(firstHalf, corpus, out.resolve("b"), quiet).checkpointEvery(4).run(false);
    Pretrainer.Result resumed = new Pretrainer(full, corpus, out.resolve("b"), quiet).run(true);

    assertThat(resumed.firstStep()).isEqualTo(4);
    for (int i = 0; i < 4; i++) {
      assertThat(resumed.losses().get(i)[0])
          // The skipped updates in the description: the one failure seen (CI, 2026-11-26) diverged from step 5.
          .as("loss of step %d (updates skipped for non-finite gradients: uninterrupted %d, resumed %d)", i + 4,
              uninterrupted.skippedUpdates(), resumed.skippedUpdates())
          .isCloseTo(uninterrupted.losses().get(i + 4)[0], org.assertj.core.api.Assertions.within(1e-4f));
    }
  }

  @Test
  void resumeWithoutCheckpointSaysWhatToDo() throws Exception {
    CmeltConfig config = SmallRealCorpus.micro(2, 2);
    PretrainingCorpus corpus = SmallRealCorpus.firstRecords(4, config.input(), 100);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> new Pretrainer(config, corpus, out.resolve("none"), quiet).run(true))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no checkpoint here");
  }
}
