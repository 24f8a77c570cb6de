package org.ecgstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.ecgstream.core.archive.ArchiveLayout;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading an archive as the alarm job's archive sink lays it out (written here with Avro directly):
 * reports join the recordings of their patient whose span overlaps theirs, the rest is counted.
 */
class ArchiveDatasetTest {

  /** 30 s before midnight UTC: the first patient's recordings fall into two day partitions. */
  private static final long T = Instant.parse("2026-11-26T23:59:30Z").toEpochMilli();
  private static final int RATE_HZ = 500;
  private static final float GAIN = 200f;

  @TempDir Path archive;

  @Test
  void reportJoinsTheRecordingsItsSpanOverlapsAndTheRestIsKeptOrCounted() throws Exception {
    // patient-1: three 30 s recordings back to back; sample k of the patient's signal is k % 1000.
    ArchivedRecording first = recording("patient-1", T, 0, false);
    ArchivedRecording second = recording("patient-1", T + 30_000, 15_000, false);
    ArchivedRecording third = recording("patient-1", T + 60_000, 30_000, false);
    // patient-2: one recording with lead II off, no report.
    ArchivedRecording leadOff = recording("patient-2", T, 0, true);
    write(ArchiveLayout.RECORDINGS, T, "recordings-a-0.avro", first, leadOff);
    write(ArchiveLayout.RECORDINGS, T + 30_000, "recordings-a-1.avro", second);
    // The second day holds the third recording, and the first again (a duplicate: counted, not used twice).
    write(ArchiveLayout.RECORDINGS, T + 60_000, "recordings-b-0.avro", third, first);
    // A file still being written is never read.
    Path day = archive.resolve(ArchiveLayout.RECORDINGS).resolve(ArchiveLayout.dayPartition(T));
    Files.writeString(day.resolve(".recordings-c-0.avro.inprogress.1234"), "not yet Avro");

    // patient-1's report spans 25-35 s (across the first two recordings); it was corrected an hour later.
    EcgReport draft = report("rec-77", "patient-1", T + 25_000, T + 35_000, "sinus rythm", T + 3_600_000);
    EcgReport corrected = report("rec-77", "patient-1", T + 25_000, T + 35_000, "Sinus rhythm. Normal ECG.", T + 7_200_000);
    EcgReport noSignal = report("rec-78", "patient-3", T, T + 10_000, "Atrial fibrillation.", T + 3_600_000);
    EcgReport blank = report("rec-79", "patient-2", T, T + 10_000, "  ", T + 3_600_000);
    write(ArchiveLayout.REPORTS, T + 25_000, "reports-a-0.avro", corrected, noSignal, blank);
    write(ArchiveLayout.REPORTS, T + 25_000, "reports-b-0.avro", draft);

    ArchiveDataset dataset = ArchiveDataset.open(archive);
    ArchiveDataset.Contents contents = dataset.readAll();

    assertThat(dataset.days()).containsExactly(LocalDate.parse("2026-11-26"), LocalDate.parse("2026-11-27"));
    assertThat(contents.pairs()).hasSize(1);
    LabelledRecording pair = contents.pairs().get(0);
    assertThat(pair.id()).isEqualTo("rec-77");
    assertThat(pair.isPaired()).isTrue();
    assertThat(pair.report().orElseThrow().raw()).isEqualTo("Sinus rhythm. Normal ECG.");
    Recording signal = pair.recording();
    assertThat(signal.sampleRateHz()).isEqualTo(RATE_HZ);
    assertThat(signal.millivolts().keySet()).containsExactly(Lead.I, Lead.II);
    assertThat(signal.length()).isEqualTo(10 * RATE_HZ);
    // 25 s into patient-1's signal is sample 12,500, across the join of the two recordings.
    for (int i = 0; i < signal.length(); i++) {
      assertThat(signal.lead(Lead.I)[i]).isEqualTo(((12_500 + i) % 1000) / GAIN);
      assertThat(signal.lead(Lead.II)[i]).isEqualTo(-((12_500 + i) % 1000) / GAIN);
    }

    assertThat(contents.unpaired()).extracting(LabelledRecording::id)
        .containsExactlyInAnyOrder("patient-2:" + T, "patient-1:" + (T + 60_000));
    assertThat(contents.unpaired()).allSatisfy(r -> assertThat(r.report()).isEmpty());
    Recording off = contents.unpaired().stream().filter(r -> r.id().startsWith("patient-2")).findFirst().orElseThrow().recording();
    assertThat(off.lead(Lead.II)).containsOnly(Float.NaN);
    assertThat(off.lead(Lead.I)[999]).isEqualTo(999 / GAIN);

    ArchiveDataset.Counts counts = contents.counts();
    assertThat(counts.days()).isEqualTo(2);
    assertThat(counts.files()).isEqualTo(3);
    assertThat(counts.recordings()).isEqualTo(4);
    assertThat(counts.duplicateRecordings()).isEqualTo(1);
    assertThat(counts.pairedRecordings()).isEqualTo(2);
    assertThat(counts.unpairedRecordings()).isEqualTo(2);
    assertThat(counts.reports()).isEqualTo(3);
    assertThat(counts.supersededReports()).isEqualTo(1);
    assertThat(counts.blankReports()).isEqualTo(1);
    assertThat(counts.pairs()).isEqualTo(1);
    assertThat(counts.reportsWithoutRecording()).containsExactly("rec-78");
    assertThat(counts.summary()).contains("4 recordings in 3 files over 2 days", "1 pairs, 1 reports without a recording");
  }

  @Test
  void reportNamingTheArchiveIdPairsWithThatRecordingAloneAndIsTrimmedToWhatWasArchived() throws Exception {
    ArchivedRecording only = recording("patient-1", T, 0, false);
    write(ArchiveLayout.RECORDINGS, T, "recordings-a-0.avro", only);
    // No patient on the report, and a span running past the end of what was archived.
    write(ArchiveLayout.REPORTS, T, "reports-a-0.avro",
        report(only.getRecordId(), null, T + 20_000, T + 40_000, "Sinus bradycardia.", T + 60_000));

    ArchiveDataset.Contents contents = ArchiveDataset.open(archive).readAll();

    assertThat(contents.unpaired()).isEmpty();
    assertThat(contents.pairs()).singleElement().satisfies(pair -> {
      assertThat(pair.id()).isEqualTo(only.getRecordId());
      assertThat(pair.recording().length()).isEqualTo(10 * RATE_HZ);
      assertThat(pair.recording().lead(Lead.I)[0]).isEqualTo((10_000 % 1000) / GAIN);
    });
  }

  @Test
  void folderThatIsNotAnArchiveIsExplained() {
    assertThatThrownBy(() -> ArchiveDataset.open(archive))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("has no recordings/ folder");
  }

  /** 30 s of leads I and II at 500 Hz: sample k is {@code (first + k) % 1000} ADC units on I, the negative on II. */
  private static ArchivedRecording recording(String patient, long start, int first, boolean leadIIOff) {
    int n = 30 * RATE_HZ;
    short[] one = new short[n];
    short[] two = new short[n];
    for (int k = 0; k < n; k++) {
      one[k] = (short) ((first + k) % 1000);
      two[k] = leadIIOff ? Int16Samples.INVALID : (short) -((first + k) % 1000);
    }
    return ArchivedRecording.newBuilder()
        .setRecordId(patient + ":" + start)
        .setPatientId(patient)
        .setBedId("bed-" + patient)
        .setStartMillis(start)
        .setSampleRateHz(RATE_HZ)
        .setGainPerMv(GAIN)
        .setBaselineAdc(0)
        .setLeads(List.of(Lead.I, Lead.II))
        .setSamples(List.of(Int16Samples.pack(one), Int16Samples.pack(two)))
        .build();
  }

  private static EcgReport report(String id, String patient, long start, long end, String text, long signedAt) {
    return EcgReport.newBuilder()
        .setRecordId(id)
        .setPatientId(patient)
        .setRecordingStartMillis(start)
        .setRecordingEndMillis(end)
        .setText(text)
        .setSignedBy("dr-test")
        .setSignedAtMillis(signedAt)
        .build();
  }

  @SafeVarargs
  private <T extends SpecificRecordBase> void write(String folder, long dayOf, String name, T... records) throws IOException {
    Path day = archive.resolve(folder).resolve(ArchiveLayout.dayPartition(dayOf));
    Files.createDirectories(day);
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) records[0].getClass();
    try (DataFileWriter<T> out = new DataFileWriter<>(new SpecificDatumWriter<>(type))) {
      out.create(records[0].getSchema(), day.resolve(name).toFile());
      for (T r : new ArrayList<>(List.of(records))) {
        out.append(r);
      }
    }
  }
}
