package org.ecgstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CinC2017DatasetTest {

  private static Path dir;
  private static CinC2017Dataset cinc;

  @BeforeAll
  static void open() throws IOException {
    dir = SharedData.folder("cinc2017");
    cinc = CinC2017Dataset.open(dir);
  }

  @Test
  void listsAllTwoThousandRecordingsWithTheirFiles() {
    assertThat(cinc.ids()).hasSize(2000).doesNotHaveDuplicates();
    assertThat(cinc.ids()).allSatisfy(id -> {
      assertThat(dir.resolve(id + ".hea")).isRegularFile();
      assertThat(dir.resolve(id + ".mat")).isRegularFile();
    });
    assertThat(cinc.labelCounts()).containsExactlyInAnyOrderEntriesOf(Map.of(
        CinC2017Label.NORMAL, 1000, CinC2017Label.AF, 300, CinC2017Label.OTHER, 600, CinC2017Label.NOISY, 100));
  }

  @Test
  void splitIsSixtyTwentyTwentyWithinEveryClass() {
    assertThat(cinc.split(Split.TRAIN)).hasSize(1200);
    assertThat(cinc.split(Split.VALIDATION)).hasSize(400);
    assertThat(cinc.split(Split.TEST)).hasSize(400);
    assertThat(countByLabel(cinc.split(Split.TRAIN))).containsExactlyInAnyOrderEntriesOf(Map.of(
        CinC2017Label.NORMAL, 600, CinC2017Label.AF, 180, CinC2017Label.OTHER, 360, CinC2017Label.NOISY, 60));
    for (Split held : List.of(Split.VALIDATION, Split.TEST)) {
      assertThat(countByLabel(cinc.split(held))).containsExactlyInAnyOrderEntriesOf(Map.of(
          CinC2017Label.NORMAL, 200, CinC2017Label.AF, 60, CinC2017Label.OTHER, 120, CinC2017Label.NOISY, 20));
    }
  }

  @Test
  void splitsAreDisjointAndCoverEveryId() {
    Set<String> all = new HashSet<>();
    for (Split split : Split.values()) {
      for (String id : cinc.split(split)) {
        assertThat(all.add(id)).as("%s is in two splits", id).isTrue();
      }
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(cinc.ids());
  }

  @Test
  void splitIsTheSameOnEveryOpen() throws IOException {
    CinC2017Dataset again = CinC2017Dataset.open(dir);

    for (Split split : Split.values()) {
      assertThat(again.split(split)).isEqualTo(cinc.split(split));
    }
    assertThat(cinc.split(Split.TEST)).isSorted();
  }

  @Test
  void loadsASingleLeadAt300HzAsLeadI() throws IOException {
    String id = cinc.ids().get(0);
    LabelledRecording recording = cinc.load(id);

    assertThat(recording.recording().millivolts().keySet()).containsExactly(Lead.I);
    assertThat(recording.recording().sampleRateHz()).isEqualTo(300.0);
    assertThat(recording.recording().durationSeconds()).isBetween(9.0, 61.0);
    assertThat(recording.labels()).containsExactly(cinc.label(id).orElseThrow().name());
    assertThat(recording.report()).isEmpty();
  }

  @Test
  void unknownLabelNamesFileAndRow(@TempDir Path tmp) throws IOException {
    Files.writeString(tmp.resolve("REFERENCE.csv"), "A00001,N\nA00002,X\n");

    assertThatThrownBy(() -> CinC2017Dataset.open(tmp))
        .hasMessageContaining("REFERENCE.csv row 2").hasMessageContaining("'X'");
  }

  @Test
  void missingReferenceIsNamed(@TempDir Path tmp) {
    assertThatThrownBy(() -> CinC2017Dataset.open(tmp)).hasMessageContaining("REFERENCE.csv").hasMessageContaining("missing");
  }

  private static Map<CinC2017Label, Integer> countByLabel(List<String> ids) {
    Map<CinC2017Label, Integer> counts = new java.util.EnumMap<>(CinC2017Label.class);
    ids.forEach(id -> counts.merge(cinc.label(id).orElseThrow(), 1, Integer::sum));
    return counts;
  }
}
