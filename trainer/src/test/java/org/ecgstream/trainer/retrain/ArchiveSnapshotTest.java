package org.ecgstream.trainer.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgstream.core.archive.ArchiveLayout;
import org.ecgstream.simulators.report.BedReports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive's lineage hash: the finished files and their contents, wherever the archive is mounted. */
class ArchiveSnapshotTest {

  @TempDir Path tmp;

  @Test
  void sameFilesGiveTheSameHashWhereverTheArchiveLivesAndInProgressFilesDoNotCount() throws Exception {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("elsewhere").resolve("two");
    Files.createDirectories(two.getParent());
    SimulatedArchive.write(one, SimulatedArchive.beds(2), 60, BedReports.Settings.defaults());
    // A copy (Avro files carry a random sync marker, so writing the same records again gives other bytes).
    try (var paths = Files.walk(one)) {
      for (Path p : paths.toList()) {
        Files.copy(p, two.resolve(one.relativize(p).toString()));
      }
    }
    Path day = one.resolve(ArchiveLayout.RECORDINGS).resolve(ArchiveLayout.dayPartition(SimulatedArchive.START));
    Files.writeString(day.resolve(".recordings-9-0.avro.inprogress.77"), "being written");
    Files.writeString(day.resolve("_SUCCESS"), "");
    Files.writeString(one.resolve(ArchiveLayout.RECORDINGS).resolve("stray.avro"), "not in a day partition");

    ArchiveSnapshot a = ArchiveSnapshot.of(one);
    ArchiveSnapshot b = ArchiveSnapshot.of(two);

    assertThat(a.sha256()).matches("[0-9a-f]{64}").isEqualTo(b.sha256());
    assertThat(a.files()).extracting(ArchiveSnapshot.ArchivedFile::relativePath).containsExactly(
        "recordings/day=2025-11-26/recordings-0-0.avro", "recordings/day=2025-11-26/recordings-1-0.avro",
        "reports/day=2025-11-26/reports-0-0.avro");
    assertThat(a.recordingFiles()).isEqualTo(2);
    assertThat(a.reportFiles()).isEqualTo(1);
    assertThat(a.bytes()).isEqualTo(a.files().stream().mapToLong(ArchiveSnapshot.ArchivedFile::bytes).sum()).isPositive();
  }

  @Test
  void aFileAddedChangedOrRenamedGivesAnotherHash() throws Exception {
    Path base = tmp.resolve("archive");
    SimulatedArchive.write(base, SimulatedArchive.beds(1), 60, BedReports.Settings.defaults());
    Path day = base.resolve(ArchiveLayout.RECORDINGS).resolve(ArchiveLayout.dayPartition(SimulatedArchive.START));
    String before = ArchiveSnapshot.of(base).sha256();

    Files.copy(day.resolve("recordings-0-0.avro"), day.resolve("recordings-0-1.avro"));
    String added = ArchiveSnapshot.of(base).sha256();
    Files.move(day.resolve("recordings-0-1.avro"), day.resolve("recordings-0-2.avro"));
    String renamed = ArchiveSnapshot.of(base).sha256();
    Files.write(day.resolve("recordings-0-2.avro"), new byte[] {1, 2, 3});
    String changed = ArchiveSnapshot.of(base).sha256();
    Files.delete(day.resolve("recordings-0-2.avro"));

    assertThat(java.util.List.of(before, added, renamed, changed)).doesNotHaveDuplicates();
    assertThat(ArchiveSnapshot.of(base).sha256()).isEqualTo(before);
  }

  @Test
  void hashSeparatesPathFromContent() {
    var ab = new ArchiveSnapshot.ArchivedFile("a", 1, "b" + "0".repeat(63));
    var a0 = new ArchiveSnapshot.ArchivedFile("ab", 1, "0".repeat(64));
    assertThat(ArchiveSnapshot.hash(java.util.List.of(ab))).isNotEqualTo(ArchiveSnapshot.hash(java.util.List.of(a0)));
  }
}
