package org.ecgstream.core.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WFDB reader on the real records in ../shared/data and on deliberately broken files. */
class WfdbRecordTest {

  @Test
  void everyMitBihRecordDecodesToTheChecksumsAndInitialValuesItsHeaderStates() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    List<String> records = Files.readAllLines(mitdb.resolve("RECORDS")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    assertThat(records).hasSize(48);
    for (String name : records) {
      WfdbRecord record = WfdbRecord.read(mitdb, name);
      assertThat(record.length()).as(name).isEqualTo(650_000);
      assertHeaderChecks(record, name);
    }
  }

  @Test
  void mitBihRecord100IsTwoLeadsAt360HzWithPhysicalValuesFromGainAndBaseline() throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("mitdb"), "100");

    assertThat(record.samplingFrequencyHz()).isEqualTo(360);
    assertThat(record.signalName(0)).isEqualTo("MLII");
    assertThat(record.signalName(1)).isEqualTo("V5");
    assertThat(record.header().signals().get(0).gain()).isEqualTo(200);
    assertThat(record.header().signals().get(0).baseline()).isEqualTo(1024);
    // First samples 995 and 1011 ADC: (995 - 1024) / 200 mV.
    assertThat(record.physical(0)[0]).isCloseTo(-0.145f, within(1e-6f));
    assertThat(record.physical(1)[0]).isCloseTo(-0.065f, within(1e-6f));
    assertThat(record.header().comments()).contains("69 M 1085 1629 x1");
  }

  @Test
  void ptbXlRecordHasTwelveStandardLeadsAt100Hz() throws Exception {
    Path dir = SharedData.folder("ptbxl/records100/00000");
    WfdbRecord record = WfdbRecord.read(dir, "00001_lr");

    assertThat(record.samplingFrequencyHz()).isEqualTo(100);
    assertThat(record.length()).isEqualTo(1000);
    assertThat(java.util.stream.IntStream.range(0, 12).mapToObj(i -> StandardLeads.parse(record.signalName(i))).toList())
        .isEqualTo(StandardLeads.TWELVE);
    assertThat(record.header().signals().get(0).gain()).isEqualTo(1000);
    assertHeaderChecks(record, "00001_lr");
  }

  @Test
  void cinc2017RecordWithByteOffsetReadsAllItsSamples() throws Exception {
    Path dir = SharedData.folder("cinc2017");
    WfdbRecord record = WfdbRecord.read(dir, "A00005");

    assertThat(record.header().signals().get(0).byteOffset()).isEqualTo(24);
    assertThat(record.samplingFrequencyHz()).isEqualTo(300);
    assertThat(record.length()).isEqualTo(18_000);
    assertThat(record.header().baseTime()).isEqualTo("08:12:08 1/12/2000");
    // CinC 2017 headers write checksum 0 without computing it; the initial value is real.
    assertThat(record.adc(0)[0]).isEqualTo(record.header().signals().get(0).initialValue());
  }

  @Test
  void challenge2015RecordCarriesTheAlarmAndItsTruthInComments() throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("challenge2015"), "a103l");

    assertThat(record.samplingFrequencyHz()).isEqualTo(250);
    assertThat(List.of(record.signalName(0), record.signalName(1), record.signalName(2))).containsExactly("II", "V", "PLETH");
    assertThat(record.header().comments()).containsExactly("Asystole", "False alarm");
    assertThat(record.header().signals().get(1).gain()).isEqualTo(10520.0);
    assertThat(record.header().signals().get(2).units()).isEqualTo("NU");
    assertThat(record.length()).isEqualTo(82_500);
    assertHeaderChecks(record, "a103l");
  }

  @Test
  void cudbRecordMarksInvalidSamplesAsNanAndItsAnnotationsBracketTheVf() throws Exception {
    Path cudb = SharedData.folder("cudb");
    WfdbRecord record = WfdbRecord.read(cudb, "cu01");

    assertThat(record.length()).isEqualTo(127_232);
    assertHeaderChecks(record, "cu01");

    List<Annotation> annotations = AnnotationReader.read(cudb, "cu01", "atr");
    Annotation vfOn = annotations.stream().filter(a -> a.mnemonic().equals("[")).findFirst().orElseThrow();
    Annotation vfOff = annotations.stream().filter(a -> a.mnemonic().equals("]")).findFirst().orElseThrow();
    // MANIFEST.md: VF from 214.2 s to 508.9 s.
    assertThat(vfOn.sample() / 250.0).isCloseTo(214.2, within(0.1));
    assertThat(vfOff.sample() / 250.0).isCloseTo(508.9, within(0.1));
  }

  @Test
  void cudbMatExportReadsTheSameSamplesAsTheWfdbRecordAndMarksInvalidSamples() throws Exception {
    Path cudb = SharedData.folder("cudb");
    WfdbRecord dat = WfdbRecord.read(cudb, "cu01");
    WfdbRecord mat = PhysioNetMatExport.read(cudb.resolve("mat/cu01m.mat"), 250, 400, "ECG");
    assertThat(mat.adc(0)).isEqualTo(dat.adc(0));

    WfdbRecord withGaps = PhysioNetMatExport.read(cudb.resolve("mat/cu20m.mat"), 250, 400, "ECG");
    int invalid = withGaps.invalidSampleCount(0);
    assertThat(invalid).isPositive();
    float[] mv = withGaps.physical(0);
    long nan = java.util.stream.IntStream.range(0, mv.length).filter(i -> Float.isNaN(mv[i])).count();
    assertThat(nan).isEqualTo(invalid);
  }

  @Test
  void noiseStressRecordInFormat16WithBaselineInTheGainField() throws Exception {
    WfdbRecord record = WfdbRecord.read(SharedData.folder("nstdb"), "118e00");
    assertThat(record.header().signals().get(0).format()).isEqualTo(16);
    assertThat(record.header().signals().get(0).baseline()).isEqualTo(1024);
    assertHeaderChecks(record, "118e00");
  }

  @Test
  void headerWithCrlfCommentsAndBlankLinesParses(@TempDir Path dir) throws Exception {
    String header = "# leading comment\r\n\r\nrec 1 500 4\r\n# between\r\nrec.dat 16 100(5)/uV 16 0 105 0 0 lead with spaces\r\n\r\n";
    Files.writeString(dir.resolve("rec.hea"), header, StandardCharsets.ISO_8859_1);
    Files.write(dir.resolve("rec.dat"), new byte[] {105, 0, 5, 0, (byte) 0xFB, (byte) 0xFF, 0, (byte) 0x80});

    WfdbRecord record = WfdbRecord.read(dir, "rec");

    assertThat(record.header().comments()).containsExactly("leading comment", "between");
    assertThat(record.signalName(0)).isEqualTo("lead with spaces");
    assertThat(record.adc(0)).containsExactly(105, 5, -5, -32768);
    assertThat(record.physical(0)).containsExactly(1.0f, 0.0f, -0.1f, Float.NaN);
    assertThat(record.header().signals().get(0).units()).isEqualTo("uV");
  }

  @Test
  void truncatedSignalFileIsRefusedNamingTheFileAndTheShortfall(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rec.hea"), "rec 1 500 100\nrec.dat 16 200 16 0 0 0 0 II\n");
    Files.write(dir.resolve("rec.dat"), new byte[50]);

    assertThatThrownBy(() -> WfdbRecord.read(dir, "rec"))
        .isInstanceOf(WfdbFormatException.class)
        .hasMessageContaining("rec.dat").hasMessageContaining("holds 25 samples").hasMessageContaining("truncated");
  }

  @Test
  void unsupportedFormatMissingFilesAndMalformedLinesAreRefusedClearly(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("fmt.hea"), "fmt 1 500 10\nfmt.dat 311 200 16 0 0 0 0 II\n");
    Files.write(dir.resolve("fmt.dat"), new byte[40]);
    assertThatThrownBy(() -> WfdbRecord.read(dir, "fmt")).hasMessageContaining("format 311 is not supported");

    Files.writeString(dir.resolve("gone.hea"), "gone 1 500 10\ngone.dat 16 200 16 0 0 0 0 II\n");
    assertThatThrownBy(() -> WfdbRecord.read(dir, "gone")).hasMessageContaining("gone.dat").hasMessageContaining("missing");

    assertThatThrownBy(() -> WfdbRecord.read(dir, "nothere")).hasMessageContaining("header file not found");

    Files.writeString(dir.resolve("bad.hea"), "bad 2 500 10\nbad.dat 16 200 16 0 0 0 0 II\n");
    assertThatThrownBy(() -> WfdbRecord.read(dir, "bad")).hasMessageContaining("declares 2 signals but 1 signal lines follow");

    Files.writeString(dir.resolve("gain.hea"), "gain 1 500 10\ngain.dat 16 abc/mV 16 0 0 0 0 II\n");
    assertThatThrownBy(() -> WfdbRecord.read(dir, "gain")).hasMessageContaining("gain 'abc/mV'");
  }

  /** Each signal's first sample and 16-bit sum match what the header states. */
  static void assertHeaderChecks(WfdbRecord record, String name) {
    for (int s = 0; s < record.signalCount(); s++) {
      SignalSpec spec = record.header().signals().get(s);
      int[] adc = record.adc(s);
      if (spec.initialValue() != null) {
        assertThat(adc[0]).as("%s signal %d initial value", name, s).isEqualTo(spec.initialValue());
      }
      if (spec.checksum() != null) {
        long sum = 0;
        for (int v : adc) {
          sum += v;
        }
        assertThat((int) (short) sum).as("%s signal %d checksum", name, s).isEqualTo((int) (short) (int) spec.checksum());
      }
    }
  }
}
