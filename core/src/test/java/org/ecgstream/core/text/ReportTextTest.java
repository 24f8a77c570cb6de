package org.ecgstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;

/** Report cleaning: lower case, letters (umlauts included) and digits kept, the rest a space. */
class ReportTextTest {

  @Test
  void germanReportLosesPunctuationAndKeepsUmlautsInLowerCase() {
    String report = "tachykardes vorhofflimmern lagetyp normal diffuse, unspez. repol.-stÖrung "
        + "(digitalisierung bei tachykardem vhf fraglich ) pathologisches ekg";

    assertThat(ReportText.clean(report)).isEqualTo("tachykardes vorhofflimmern lagetyp normal "
        + "diffuse unspez repol störung digitalisierung bei tachykardem vhf fraglich "
        + "pathologisches ekg");
  }

  @Test
  void englishReportLosesFullStops() {
    assertThat(ReportText.clean("Sinus rhythm. No definite pathology."))
        .isEqualTo("sinus rhythm no definite pathology");
  }

  @Test
  void sharpSAndSwedishRingAreLetters() {
    assertThat(ReportText.clean("Kurzer Schweißausbruch; ÄNDERUNGEN sÅsom vid ischemi"))
        .isEqualTo("kurzer schweißausbruch änderungen såsom vid ischemi");
  }

  @Test
  void digitsStayButDecimalPointsAndSymbolsBecomeSpaces() {
    assertThat(ReportText.clean("QRS(T) abnormal    st & t abnormal, 4.46 ekg 910218."))
        .isEqualTo("qrs t abnormal st t abnormal 4 46 ekg 910218");
  }

  @Test
  void whitespaceIsCollapsedAndTrimmed() {
    assertThat(ReportText.clean("  sinusrhythmus\t\tperiphere\r\n niederspannung  "))
        .isEqualTo("sinusrhythmus periphere niederspannung");
  }

  @Test
  void nothingToKeepGivesEmptyText() {
    assertThat(ReportText.clean(null)).isEmpty();
    assertThat(ReportText.clean("")).isEmpty();
    assertThat(ReportText.clean(" .,;-() ")).isEmpty();
  }

  @Test
  void everyRealReportIsCleanedToLowerCaseWordsOfLettersAndDigitsAndCleaningAgainChangesNothing()
      throws Exception {
    List<String> reports =
        CsvRows.column(SharedData.folder("ptbxl").resolve("ptbxl_database.csv"), "report");

    assertThat(reports).hasSize(500);
    for (String report : reports) {
      String cleaned = ReportText.clean(report);
      // one PTB-XL report is blank, so an empty result is allowed
      assertThat(cleaned).as(report).matches("([\\p{Ll}\\p{Lo}\\d]+( [\\p{Ll}\\p{Lo}\\d]+)*)?");
      assertThat(ReportText.clean(cleaned)).isEqualTo(cleaned);
    }
  }
}
