package org.ecgstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtbXlDatasetTest {

  private static PtbXlDataset ptbxl;

  @BeforeAll
  static void open() throws IOException {
    ptbxl = PtbXlDataset.open(SharedData.folder("ptbxl"));
  }

  @Test
  void findsTheFiveHundredRecordsOnDisk() {
    assertThat(ptbxl.entries()).hasSize(500);
    assertThat(ptbxl.entries()).extracting(PtbXlEntry::ecgId).startsWith(1, 2, 3).contains(500);
    assertThat(ptbxl.rowsWithoutSignal()).isZero();
  }

  @Test
  void foldsCoverOneToTenAndSplitEightOneOne() {
    Map<Integer, Integer> folds = ptbxl.foldCounts();

    assertThat(folds.keySet()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(folds.get(10)).isPositive();
    assertThat(ptbxl.entries(Split.TEST)).hasSize(folds.get(10));
    assertThat(ptbxl.entries(Split.VALIDATION)).hasSize(folds.get(9));
    assertThat(ptbxl.entries(Split.TRAIN).size() + folds.get(9) + folds.get(10)).isEqualTo(500);
  }

  @Test
  void recordOneIsTwelveLeadsOfTenSecondsAt100Hz() throws IOException {
    Recording one = ptbxl.recording(ptbxl.entry(1).orElseThrow());

    assertThat(one.id()).isEqualTo("1");
    assertThat(one.millivolts().keySet()).containsExactlyElementsOf(StandardLeads.TWELVE);
    assertThat(one.sampleRateHz()).isEqualTo(100.0);
    assertThat(one.length()).isEqualTo(1000);
    assertThat(one.durationSeconds()).isEqualTo(10.0);
    for (float mv : one.lead(Lead.II)) {
      assertThat(Math.abs(mv)).as("lead II sample in mV").isLessThan(10f);
    }
  }

  @Test
  void recordOneCarriesItsGermanReportAndLabels() throws IOException {
    PtbXlEntry one = ptbxl.entry(1).orElseThrow();

    assertThat(one.fold()).isEqualTo(3);
    assertThat(one.split()).isEqualTo(Split.TRAIN);
    assertThat(one.report().raw()).isEqualTo("sinusrhythmus periphere niederspannung");
    assertThat(one.report().cleaned()).isEqualTo("sinusrhythmus periphere niederspannung");
    assertThat(one.scpCodes()).containsExactlyInAnyOrderEntriesOf(Map.of("NORM", 100.0, "LVOLT", 0.0, "SR", 0.0));
    // LVOLT is a form statement, not diagnostic; SR is the rhythm.
    assertThat(one.superclasses()).containsExactly(DiagnosticSuperclass.NORM);
    assertThat(one.rhythms()).containsExactly("SR");
    assertThat(one.labels()).containsExactly("NORM", "SR");

    LabelledRecording loaded = ptbxl.load(one);
    assertThat(loaded.isPaired()).isTrue();
    assertThat(loaded.labels()).containsExactly("NORM", "SR");
  }

  @Test
  void atrialFibrillationAndFlutterAreRhythmStatements() {
    PtbXlEntry seventeen = ptbxl.entry(17).orElseThrow();

    assertThat(seventeen.rhythms()).contains("AFLT");
    assertThat(ptbxl.entries()).anySatisfy(e -> assertThat(e.rhythms()).contains("AFIB"));
  }

  @Test
  void superclassesCountStatementsWithUnstatedLikelihoodUnlessAThresholdIsGiven() {
    Map<String, Double> codes = Map.of("NORM", 100.0, "NST_", 0.0, "SR", 0.0);

    assertThat(ptbxl.statements().superclasses(codes))
        .containsExactlyInAnyOrder(DiagnosticSuperclass.NORM, DiagnosticSuperclass.STTC);
    assertThat(ptbxl.statements().superclasses(codes, 0.0)).containsExactly(DiagnosticSuperclass.NORM);
  }

  @Test
  void everySuperclassOccursInTheFirstFiveHundred() {
    Set<DiagnosticSuperclass> seen = new java.util.HashSet<>();
    ptbxl.entries().forEach(e -> seen.addAll(e.superclasses()));

    assertThat(seen).containsExactlyInAnyOrder(DiagnosticSuperclass.values());
  }

  @Test
  void streamsASplitReadingSignalsOnDemand() {
    List<LabelledRecording> firstTests = ptbxl.stream(Split.TEST).limit(3).toList();

    assertThat(firstTests).hasSize(3).allSatisfy(r -> assertThat(r.recording().length()).isEqualTo(1000));
  }

  @Test
  void missingDatabaseCsvIsNamedInTheError(@TempDir Path dir) throws IOException {
    Files.copy(SharedData.folder("ptbxl").resolve("scp_statements.csv"), dir.resolve("scp_statements.csv"));

    assertThatThrownBy(() -> PtbXlDataset.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("ptbxl_database.csv").toString())
        .hasMessageContaining("missing");
  }

  @Test
  void corruptDatabaseCsvIsNamedInTheError(@TempDir Path dir) throws IOException {
    Files.copy(SharedData.folder("ptbxl").resolve("scp_statements.csv"), dir.resolve("scp_statements.csv"));
    Files.writeString(dir.resolve("ptbxl_database.csv"), "ecg_id,report,scp_codes,strat_fold,filename_lr\n1,\"unterminated,{},3,x\n");

    assertThatThrownBy(() -> PtbXlDataset.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.resolve("ptbxl_database.csv").toString());
  }

  @Test
  void badFoldOrCodesNameFileRowAndRecord(@TempDir Path dir) throws IOException {
    Files.copy(SharedData.folder("ptbxl").resolve("scp_statements.csv"), dir.resolve("scp_statements.csv"));
    Files.writeString(dir.resolve("ptbxl_database.csv"), "ecg_id,report,scp_codes,strat_fold,filename_lr\n7,ok,\"{'NORM': 100.0}\",11,x\n");

    assertThatThrownBy(() -> PtbXlDataset.open(dir))
        .hasMessageContaining("ptbxl_database.csv row 2").hasMessageContaining("ecg_id 7").hasMessageContaining("strat_fold 11");
  }

  @Test
  void missingColumnIsNamed(@TempDir Path dir) throws IOException {
    Files.copy(SharedData.folder("ptbxl").resolve("scp_statements.csv"), dir.resolve("scp_statements.csv"));
    Files.writeString(dir.resolve("ptbxl_database.csv"), "ecg_id,report,strat_fold\n1,x,3\n");

    assertThatThrownBy(() -> PtbXlDataset.open(dir)).hasMessageContaining("no column 'scp_codes'");
  }

  @Test
  void rowsWithoutSignalFilesAreLeftOut(@TempDir Path dir) throws IOException {
    Files.copy(SharedData.folder("ptbxl").resolve("scp_statements.csv"), dir.resolve("scp_statements.csv"));
    Files.writeString(dir.resolve("ptbxl_database.csv"),
        "ecg_id,report,scp_codes,strat_fold,filename_lr\n21000,x,\"{'NORM': 100.0}\",3,records100/21000/21000_lr\n");

    PtbXlDataset partial = PtbXlDataset.open(dir);

    assertThat(partial.entries()).isEmpty();
    assertThat(partial.rowsWithoutSignal()).isEqualTo(1);
  }
}
