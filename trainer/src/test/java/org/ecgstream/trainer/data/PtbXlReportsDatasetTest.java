package org.ecgstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtbXlReportsDatasetTest {

  @Test
  void readsTheReportOnlyFolder() throws IOException {
    PtbXlReports reports = PtbXlReports.read(SharedData.folder("ptbxl-reports"));

    assertThat(reports.size()).isEqualTo(3028);
    PtbXlReport first = reports.all().get(0);
    assertThat(first.ecgId()).isEqualTo(15513);
    assertThat(first.report().raw()).isEqualTo("tachykardes vorhofflimmern lagetyp normal periphere niederspannung");
    assertThat(first.scpCodes()).containsEntry("AFLT", 100.0).containsEntry("AFIB", 0.0);
    assertThat(first.fold()).isEqualTo(8);
  }

  @Test
  void trainHoldsOnlyFoldsOneToEight() throws IOException {
    PtbXlReports reports = PtbXlReports.read(SharedData.folder("ptbxl-reports"));

    assertThat(reports.train()).isNotEmpty().allSatisfy(r -> assertThat(r.fold()).isBetween(1, 8));
    assertThat(reports.train().size() + reports.split(Split.VALIDATION).size() + reports.split(Split.TEST).size())
        .isEqualTo(reports.size());
  }

  @Test
  void noCsvInFolderIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> PtbXlReports.read(dir)).hasMessageContaining(dir.toString()).hasMessageContaining("no .csv");
  }
}
