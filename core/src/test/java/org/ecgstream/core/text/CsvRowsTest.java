package org.ecgstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RFC 4180 reader for PTB-XL's tables. */
class CsvRowsTest {

  @Test
  void quotedFieldsKeepCommasDoubledQuotesAndLineBreaks() throws IOException {
    String csv = "ecg_id,report,scp_codes\r\n"
        + "1,\"diffuse, unspez. repol.-störung\",\"{'NORM': 100.0}\"\r\n"
        + "2,\"he said \"\"ekg\"\"\nnext line\",\n"
        + "3,,\"\"";

    assertThat(CsvRows.parse(new StringReader(csv))).containsExactly(
        List.of("ecg_id", "report", "scp_codes"),
        List.of("1", "diffuse, unspez. repol.-störung", "{'NORM': 100.0}"),
        List.of("2", "he said \"ekg\"\nnext line", ""),
        List.of("3", "", ""));
  }

  @Test
  void trailingLineBreakDoesNotAddARow() throws IOException {
    assertThat(CsvRows.parse(new StringReader("a,b\n1,2\n"))).hasSize(2);
    assertThat(CsvRows.parse(new StringReader(""))).isEmpty();
  }

  @Test
  void unclosedQuoteIsAnError() {
    assertThatThrownBy(() -> CsvRows.parse(new StringReader("a,b\n1,\"open")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closing \" is missing");
  }

  @Test
  void missingColumnIsNamedWithTheHeader(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, "ecg_id,report\n1,x\n");

    assertThat(CsvRows.column(file, "report")).containsExactly("x");
    assertThatThrownBy(() -> CsvRows.column(file, "scp_codes"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("t.csv")
        .hasMessageContaining("no column 'scp_codes'");
  }

  @Test
  void readsTheFiveHundredPtbXlReportsWithQuotedCommas() throws IOException {
    Path folder = SharedData.folder("ptbxl");
    List<String> ids = CsvRows.column(folder.resolve("ptbxl_database.csv"), "ecg_id");
    List<String> reports = CsvRows.column(folder.resolve("ptbxl_database.csv"), "report");

    assertThat(ids).hasSize(500).startsWith("1", "2", "3").endsWith("500");
    assertThat(reports.get(0)).isEqualTo("sinusrhythmus periphere niederspannung");
    assertThat(reports).anyMatch(r -> r.contains(","));
  }
}
