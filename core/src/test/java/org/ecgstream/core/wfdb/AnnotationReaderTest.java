package org.ecgstream.core.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;

/** MIT-format annotations on the MIT-BIH reference annotations. */
class AnnotationReaderTest {

  @Test
  void everyBeatClassCountOfEveryMitBihRecordMatchesPhysioNetsRecordTable() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    Map<String, Map<String, Long>> documented = documentedBeatTables(mitdb.resolve("records.htm"));
    assertThat(documented).hasSize(48);
    for (Map.Entry<String, Map<String, Long>> record : documented.entrySet()) {
      List<Annotation> annotations = AnnotationReader.read(mitdb, record.getKey(), "atr");
      Map<String, Long> counted = new LinkedHashMap<>();
      annotations.forEach(a -> counted.merge(a.mnemonic(), 1L, Long::sum));
      record.getValue().forEach((mnemonic, count) ->
          assertThat(counted.getOrDefault(mnemonic, 0L)).as("'%s' in %s.atr", mnemonic, record.getKey()).isEqualTo(count));
      // The table also lists blocked APCs (x) and flutter waves (!), which are not QRS complexes.
      long documentedQrs = record.getValue().entrySet().stream()
          .filter(e -> !e.getKey().equals("x") && !e.getKey().equals("!")).mapToLong(Map.Entry::getValue).sum();
      assertThat(annotations.stream().filter(Annotation::isBeat).count()).as("QRS in %s.atr", record.getKey()).isEqualTo(documentedQrs);
      assertThat(annotations).as(record.getKey()).isSortedAccordingTo(java.util.Comparator.comparingLong(Annotation::sample));
    }
  }

  @Test
  void record100HasItsDocumentedBeatClasses() throws Exception {
    List<Annotation> annotations = AnnotationReader.read(SharedData.folder("mitdb"), "100", "atr");
    Map<String, Long> byClass = new LinkedHashMap<>();
    annotations.stream().filter(Annotation::isBeat).forEach(a -> byClass.merge(a.mnemonic(), 1L, Long::sum));
    // records.htm: Normal 2239, APC 33, PVC 1.
    assertThat(byClass).containsOnly(Map.entry("N", 2239L), Map.entry("A", 33L), Map.entry("V", 1L));
  }

  @Test
  void rhythmChangesCarryTheRhythmInTheAuxString() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    assertThat(rhythms(mitdb, "201")).contains("AFIB", "N");
    assertThat(rhythms(mitdb, "203")).contains("VT");
    assertThat(rhythms(mitdb, "207")).contains("VFL");
  }

  @Test
  void truncatedAuxStringIsRefused() {
    // A normal beat at sample 5, then an AUX claiming 10 bytes with only 2 present.
    byte[] bytes = {5, 0x04, 10, (byte) 0xFC, '(', 'N'};
    assertThatThrownBy(() -> AnnotationReader.parse(bytes, "crafted.atr")).hasMessageContaining("crafted.atr").hasMessageContaining("truncated");
  }

  private static List<String> rhythms(Path dir, String record) throws Exception {
    return AnnotationReader.read(dir, record, "atr").stream().map(Annotation::rhythm).filter(java.util.Objects::nonNull).distinct().toList();
  }

  /** records.htm's row names for beat classes, and their WFDB mnemonics. */
  private static final Map<String, String> ROW_MNEMONICS = Map.ofEntries(
      Map.entry("Normal", "N"), Map.entry("Left BBB", "L"), Map.entry("Right BBB", "R"), Map.entry("Aberrated APC", "a"),
      Map.entry("PVC", "V"), Map.entry("Fusion PVC", "F"), Map.entry("Junctional premature", "J"), Map.entry("APC", "A"),
      Map.entry("SVPC", "S"), Map.entry("Ventricular escape", "E"), Map.entry("Junctional escape", "j"), Map.entry("Paced", "/"),
      Map.entry("Unclassifiable", "Q"), Map.entry("Atrial escape", "e"), Map.entry("Pacemaker fusion", "f"),
      Map.entry("Blocked APC", "x"), Map.entry("Ventricular flutter wave", "!"));

  /** Each record's beat table in PhysioNet's records.htm: mnemonic to count over the whole record. */
  private static Map<String, Map<String, Long>> documentedBeatTables(Path recordsHtml) throws Exception {
    String text = Files.readString(recordsHtml, StandardCharsets.ISO_8859_1).replaceAll("<[^>]+>", " ");
    Map<String, Map<String, Long>> tables = new LinkedHashMap<>();
    Matcher record = Pattern.compile("Record (\\d{3})").matcher(text);
    Pattern row = Pattern.compile("([A-Za-z][A-Za-z ]*?)\\s+([\\d-]+)\\s+([\\d-]+)\\s+(\\d+)\\s");
    while (record.find()) {
      int beats = text.indexOf("Beats", record.end());
      int total = text.indexOf("Total ", beats + 40);
      Map<String, Long> table = new LinkedHashMap<>();
      Matcher m = row.matcher(text.substring(beats + "Beats".length(), total));
      while (m.find()) {
        String name = m.group(1).strip().replaceFirst("^.*Total\\s+", "");
        String mnemonic = ROW_MNEMONICS.get(name);
        assertThat(mnemonic).as("row '%s' of record %s", name, record.group(1)).isNotNull();
        // Before 5:00 plus after 5:00: the "Total" column has a typo for record 108 (Normal:
        // 279 + 1460 is 1739, the table says 1740); the two halves agree with the annotations.
        table.put(mnemonic, count(m.group(2)) + count(m.group(3)));
      }
      tables.put(record.group(1), table);
    }
    return tables;
  }

  private static long count(String cell) {
    return cell.equals("-") ? 0 : Long.parseLong(cell);
  }
}
