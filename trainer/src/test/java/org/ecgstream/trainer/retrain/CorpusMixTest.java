package org.ecgstream.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.trainer.data.ArchiveDataset;
import org.ecgstream.trainer.train.PretrainingCorpus;
import org.ecgstream.trainer.train.PretrainingExample;
import org.junit.jupiter.api.Test;

/** Mixing the archive into the base data set: exact shares in the pools, reports re-indexed, every example used. */
class CorpusMixTest {

  private static final EcgWindow WINDOW = new EcgWindow(new float[][] {{0f, 1f}}, new boolean[] {true}, 2);
  private static final BpeTokenizer TOKENIZER =
      BpeTokenizer.train(List.of("sinusrhythmus", "vorhofflimmern", "sinus rhythm"), 300, 1);

  @Test
  void poolHoldsExactlyTheBaseShareAndCyclesThroughEverySideBeforeRepeating() {
    List<String> archive = names("a", 7);
    List<String> base = names("b", 500);

    List<String> pool = CorpusMix.pool(archive, base, 0.3, new Random(1));

    assertThat(pool).hasSize(CorpusMix.MIN_POOL);
    assertThat(pool.stream().filter(s -> s.startsWith("b"))).hasSize(300);
    List<String> archiveSlots = pool.stream().filter(s -> s.startsWith("a")).toList();
    assertThat(archiveSlots).hasSize(700);
    // 700 slots over 7 examples: each exactly 100 times.
    for (String a : archive) {
      assertThat(archiveSlots.stream().filter(a::equals)).hasSize(100);
    }
    assertThat(pool.stream().filter(s -> s.startsWith("b")).distinct()).hasSize(300);
  }

  @Test
  void sharesZeroAndOneTakeOneSideAndAnEmptySideGetsNoSlots() {
    List<String> archive = names("a", 3);
    List<String> base = names("b", 4);

    assertThat(CorpusMix.pool(archive, base, 0, new Random(1))).containsExactlyElementsOf(archive);
    assertThat(CorpusMix.pool(archive, base, 1, new Random(1))).containsExactlyElementsOf(base);
    assertThat(CorpusMix.pool(List.of(), base, 0.5, new Random(1))).containsExactlyElementsOf(base);
    assertThat(CorpusMix.pool(archive, base, 0.5, new Random(7)))
        .isEqualTo(CorpusMix.pool(archive, base, 0.5, new Random(7)));
  }

  @Test
  void archivePairsPointAtTheirOwnReportsAfterTheBaseReports() {
    PretrainingCorpus base = new PretrainingCorpus(
        List.of(pair("ptbxl/1", 0), pair("ptbxl/2", 1)), List.of(unpaired("cinc/1")),
        List.of("sinusrhythmus", "sinus rhythm"), TOKENIZER);
    ArchiveExamples archive = new ArchiveExamples(List.of(pair("archive/r1", 0), pair("archive/r1", 0)),
        List.of(unpaired("archive/p1")), List.of("vorhofflimmern"), counts());

    CorpusMix.Mixed mixed = CorpusMix.mix(base, archive, 0.5, TOKENIZER, 3);

    PretrainingCorpus corpus = mixed.corpus();
    assertThat(corpus.cleanedReports()).containsExactly("sinusrhythmus", "sinus rhythm", "vorhofflimmern");
    assertThat(corpus.paired()).filteredOn(e -> e.id().startsWith("archive/"))
        .hasSize(CorpusMix.MIN_POOL / 2)
        .allSatisfy(e -> assertThat(corpus.cleanedReports().get(e.reportIndex())).isEqualTo("vorhofflimmern"));
    assertThat(corpus.paired()).filteredOn(e -> e.id().startsWith("ptbxl/"))
        .allSatisfy(e -> assertThat(e.reportIndex()).isIn(0, 1));
    assertThat(corpus.unpaired()).extracting(PretrainingExample::id).contains("archive/p1", "cinc/1");
    assertThat(mixed.counts()).isEqualTo(new CorpusMix.Counts(2, 2, 1, 1));
  }

  @Test
  void archiveWithoutPairsIsExplainedUnlessTheBaseAloneIsAskedFor() {
    PretrainingCorpus base = new PretrainingCorpus(List.of(pair("ptbxl/1", 0)), List.of(), List.of("sinusrhythmus"),
        TOKENIZER);
    ArchiveExamples noPairs = new ArchiveExamples(List.of(), List.of(unpaired("archive/p1")), List.of(), counts());

    assertThatThrownBy(() -> CorpusMix.mix(base, noPairs, 0.5, TOKENIZER, 1))
        .hasMessageContaining("the archive holds no ECG-report pairs yet").hasMessageContaining("--base-mix 1");
    assertThat(CorpusMix.mix(base, noPairs, 1, TOKENIZER, 1).corpus().paired()).extracting(PretrainingExample::id)
        .containsExactly("ptbxl/1");
    assertThatThrownBy(() -> CorpusMix.mix(base, noPairs, 1.2, TOKENIZER, 1)).hasMessageContaining("[0, 1]");
  }

  private static List<String> names(String prefix, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  private static PretrainingExample pair(String id, int report) {
    return new PretrainingExample(id, WINDOW, report);
  }

  private static PretrainingExample unpaired(String id) {
    return new PretrainingExample(id, WINDOW, PretrainingExample.UNPAIRED);
  }

  private static ArchiveDataset.Counts counts() {
    return new ArchiveDataset.Counts(1, 1, 1, 0, 1, 1, 1, 0, 0, 1, List.of());
  }
}
