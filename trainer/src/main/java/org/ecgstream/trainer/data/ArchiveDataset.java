package org.ecgstream.trainer.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.ecgstream.core.archive.ArchiveLayout;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * The hospital's own ECG archive as training data: the recordings and reports the alarm job's
 * archive sink wrote ({@link ArchiveLayout}), joined here. The sink does not join them, since a
 * report may arrive hours after its recording and holding the signal in Flink state until then
 * does not scale.
 *
 * <p>Join: a report goes with the recordings of its patient whose span overlaps the report's
 * ({@code recordingStartMillis} to {@code recordingEndMillis}), or with the recording whose archive
 * id is its {@code recordId}. The pair's signal is the report's span cut from those recordings (one
 * sample rate: the first overlapping recording's; leads as recorded, NaN where a lead is absent,
 * invalid or not archived), trimmed to what the archive holds and to {@link #MAX_PAIR_MILLIS}. A
 * report corrected later (same {@code recordId}) counts once, in its latest signed version; a
 * report whose text is blank pairs with nothing. Recordings no report overlaps are kept as unpaired
 * recordings (the masked-ECG objective uses them); reports without a recording are counted and
 * named in {@link Counts#reportsWithoutRecording()}.
 *
 * <p>Reports are read when the archive is opened (they are small); recordings are read once, file
 * by file, by {@link #read}: unpaired ones go out as they are read, pairs when all recordings have
 * been seen, so memory holds the paired spans, not the archive.
 */
public final class ArchiveDataset {

  /** Longest signal one pair carries: a longer report (a Holter summary) pairs with its first 10 min. */
  public static final long MAX_PAIR_MILLIS = 10 * 60_000L;

  /**
   * What a read found.
   *
   * @param days day partitions of recordings read
   * @param files recording files read
   * @param recordings recordings read (each archive id once)
   * @param duplicateRecordings recordings whose archive id was already read (none from an exactly-once sink)
   * @param pairedRecordings recordings that went into at least one pair
   * @param unpairedRecordings recordings no report overlaps, handed out unpaired
   * @param reports distinct reports (by record id)
   * @param supersededReports earlier versions of a corrected report, left out
   * @param blankReports reports whose text has no words, left out
   * @param pairs ECG-report pairs handed out
   * @param reportsWithoutRecording record ids of reports no archived recording overlaps
   */
  public record Counts(int days, int files, int recordings, int duplicateRecordings, int pairedRecordings,
      int unpairedRecordings, int reports, int supersededReports, int blankReports, int pairs,
      List<String> reportsWithoutRecording) {

    /** One line for logs and the retrain summary. */
    public String summary() {
      return String.format("archive: %d recordings in %d files over %d days (%d paired, %d unpaired, %d duplicates); "
              + "%d reports (%d superseded, %d blank): %d pairs, %d reports without a recording",
          recordings, files, days, pairedRecordings, unpairedRecordings, duplicateRecordings, reports,
          supersededReports, blankReports, pairs, reportsWithoutRecording.size());
    }
  }

  /** Everything a read handed out, for small archives and tests. */
  public record Contents(List<LabelledRecording> pairs, List<LabelledRecording> unpaired, Counts counts) {}

  private final Path base;
  private final List<Path> recordingDays;
  private final List<EcgReport> reports;
  private final int supersededReports;
  private final int blankReports;

  private ArchiveDataset(Path base, List<Path> recordingDays, List<EcgReport> reports, int superseded, int blank) {
    this.base = base;
    this.recordingDays = recordingDays;
    this.reports = reports;
    this.supersededReports = superseded;
    this.blankReports = blank;
  }

  /**
   * Lists the archive's day partitions under {@code base} (a directory, or a path of any NIO
   * filesystem) and reads its reports.
   */
  public static ArchiveDataset open(Path base) throws IOException {
    AvroSafety.install();
    if (!Files.isDirectory(base.resolve(ArchiveLayout.RECORDINGS))) {
      throw new IOException("archive " + base + " has no " + ArchiveLayout.RECORDINGS
          + "/ folder (is it the base the alarm job archives to, ecg.archive.base?)");
    }
    Map<String, EcgReport> latest = new LinkedHashMap<>();
    int superseded = 0;
    for (Path day : days(base.resolve(ArchiveLayout.REPORTS))) {
      for (Path file : finishedFiles(day)) {
        for (EcgReport report : readAll(file, EcgReport.class)) {
          EcgReport before = latest.get(report.getRecordId());
          if (before != null) {
            superseded++;
            if (signedAt(before) > signedAt(report)) {
              continue;
            }
          }
          latest.put(report.getRecordId(), report);
        }
      }
    }
    List<EcgReport> usable = new ArrayList<>();
    int blank = 0;
    for (EcgReport report : latest.values()) {
      if (Report.of(report.getText()).isBlank()) {
        blank++;
      } else {
        usable.add(report);
      }
    }
    return new ArchiveDataset(base, days(base.resolve(ArchiveLayout.RECORDINGS)), usable, superseded, blank);
  }

  /** The dates of the recordings' day partitions, ascending. */
  public List<LocalDate> days() {
    return recordingDays.stream().map(d -> ArchiveLayout.dayOf(d.getFileName().toString()).orElseThrow()).toList();
  }

  /**
   * Reads every recording once: unpaired recordings go to {@code unpaired} as they are read, pairs
   * (report present) to {@code paired} at the end.
   */
  public Counts read(Consumer<LabelledRecording> paired, Consumer<LabelledRecording> unpaired) throws IOException {
    Map<String, List<PendingPair>> byPatient = new HashMap<>();
    Map<String, PendingPair> byRecordId = new HashMap<>();
    List<PendingPair> pending = new ArrayList<>();
    for (EcgReport report : reports) {
      long start = report.getRecordingStartMillis();
      long end = Math.min(report.getRecordingEndMillis(), start + MAX_PAIR_MILLIS);
      PendingPair pair = new PendingPair(report, start, end);
      pending.add(pair);
      byRecordId.put(report.getRecordId(), pair);
      if (report.getPatientId() != null) {
        byPatient.computeIfAbsent(report.getPatientId(), p -> new ArrayList<>()).add(pair);
      }
    }
    Set<String> seen = new HashSet<>();
    int files = 0;
    Tally tally = new Tally();
    for (Path day : recordingDays) {
      for (Path file : finishedFiles(day)) {
        files++;
        forEachRecord(file, ArchivedRecording.class, r -> {
          if (!seen.add(r.getRecordId())) {
            tally.duplicates++;
            return;
          }
          long end = endMillis(r);
          List<PendingPair> overlapping = new ArrayList<>();
          PendingPair byId = byRecordId.get(r.getRecordId());
          if (byId != null) {
            overlapping.add(byId);
          }
          for (PendingPair pair : byPatient.getOrDefault(r.getPatientId(), List.of())) {
            if (pair != byId && r.getStartMillis() < pair.endMillis && end > pair.startMillis) {
              overlapping.add(pair);
            }
          }
          if (overlapping.isEmpty()) {
            tally.unpaired++;
            unpaired.accept(new LabelledRecording(recording(r.getRecordId(), r), Optional.empty(), List.of()));
          } else {
            tally.paired++;
            overlapping.forEach(pair -> pair.add(r));
          }
        });
      }
    }
    List<String> withoutRecording = new ArrayList<>();
    int pairs = 0;
    for (PendingPair pair : pending) {
      Optional<Recording> signal = pair.recording();
      if (signal.isEmpty()) {
        withoutRecording.add(pair.report.getRecordId());
      } else {
        pairs++;
        paired.accept(new LabelledRecording(signal.get(), Optional.of(Report.of(pair.report.getText())), List.of()));
      }
    }
    return new Counts(recordingDays.size(), files, seen.size(), tally.duplicates, tally.paired, tally.unpaired,
        reports.size() + blankReports, supersededReports, blankReports, pairs, List.copyOf(withoutRecording));
  }

  /** Reads everything into lists: for small archives and tests. */
  public Contents readAll() throws IOException {
    List<LabelledRecording> pairs = new ArrayList<>();
    List<LabelledRecording> unpaired = new ArrayList<>();
    Counts counts = read(pairs::add, unpaired::add);
    return new Contents(pairs, unpaired, counts);
  }

  public Path base() {
    return base;
  }

  private static final class Tally {
    int duplicates;
    int paired;
    int unpaired;
  }

  /** A report's span being filled from the recordings that overlap it, at one sample rate. */
  private static final class PendingPair {
    final EcgReport report;
    final long startMillis;
    final long endMillis;
    int sampleRateHz;
    final Map<Lead, float[]> millivolts = new EnumMap<>(Lead.class);
    int firstSample = Integer.MAX_VALUE;
    int endSample = Integer.MIN_VALUE;

    PendingPair(EcgReport report, long startMillis, long endMillis) {
      this.report = report;
      this.startMillis = startMillis;
      this.endMillis = endMillis;
    }

    void add(ArchivedRecording r) {
      if (sampleRateHz == 0) {
        sampleRateHz = r.getSampleRateHz();
      } else if (sampleRateHz != r.getSampleRateHz()) {
        return;
      }
      int length = (int) Math.round((endMillis - startMillis) * sampleRateHz / 1000.0);
      if (length <= 0) {
        return;
      }
      long offset = Math.round((r.getStartMillis() - startMillis) * sampleRateHz / 1000.0);
      for (int l = 0; l < r.getLeads().size(); l++) {
        float[] mv = Int16Samples.toMillivolts(r.getSamples().get(l), r.getGainPerMv(), r.getBaselineAdc());
        float[] into = millivolts.computeIfAbsent(r.getLeads().get(l), lead -> {
          float[] empty = new float[length];
          Arrays.fill(empty, Float.NaN);
          return empty;
        });
        int from = (int) Math.max(0, -offset);
        int to = (int) Math.min(mv.length, length - offset);
        if (from < to) {
          System.arraycopy(mv, from, into, (int) (offset + from), to - from);
          firstSample = (int) Math.min(firstSample, offset + from);
          endSample = (int) Math.max(endSample, offset + to);
        }
      }
    }

    /** The span as far as the archive held it, or empty when no recording overlapped. */
    Optional<Recording> recording() {
      if (firstSample >= endSample) {
        return Optional.empty();
      }
      Map<Lead, float[]> trimmed = new EnumMap<>(Lead.class);
      millivolts.forEach((lead, mv) -> trimmed.put(lead, Arrays.copyOfRange(mv, firstSample, endSample)));
      return Optional.of(new Recording(report.getRecordId(), trimmed, sampleRateHz));
    }
  }

  private static Recording recording(String id, ArchivedRecording r) {
    Map<Lead, float[]> mv = new EnumMap<>(Lead.class);
    for (int l = 0; l < r.getLeads().size(); l++) {
      mv.put(r.getLeads().get(l), Int16Samples.toMillivolts(r.getSamples().get(l), r.getGainPerMv(), r.getBaselineAdc()));
    }
    return new Recording(id, mv, r.getSampleRateHz());
  }

  /** Device time just after the recording's last sample. */
  static long endMillis(ArchivedRecording r) {
    ByteBuffer first = r.getSamples().get(0);
    return r.getStartMillis() + Math.round(Int16Samples.count(first) * 1000.0 / r.getSampleRateHz());
  }

  private static long signedAt(EcgReport report) {
    return report.getSignedAtMillis() == null ? Long.MIN_VALUE : report.getSignedAtMillis();
  }

  /** The day partitions under {@code folder}, ascending; none when the folder does not exist. */
  private static List<Path> days(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.filter(p -> Files.isDirectory(p) && ArchiveLayout.dayOf(p.getFileName().toString()).isPresent())
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  /** The finished archive files of a day partition (in-progress and hidden files left out), by name. */
  private static List<Path> finishedFiles(Path day) throws IOException {
    try (Stream<Path> list = Files.list(day)) {
      return list.filter(p -> Files.isRegularFile(p) && ArchiveLayout.isFinishedFile(p.getFileName().toString()))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  private static <T extends SpecificRecordBase> List<T> readAll(Path file, Class<T> type) throws IOException {
    List<T> out = new ArrayList<>();
    forEachRecord(file, type, out::add);
    return out;
  }

  /** Hands out a container file's records one by one, so a file is never held whole. */
  private static <T extends SpecificRecordBase> void forEachRecord(Path file, Class<T> type, Consumer<T> out)
      throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataFileStream<T> records = new DataFileStream<>(in, new SpecificDatumReader<>(type))) {
      while (records.hasNext()) {
        out.accept(records.next());
      }
    } catch (IOException | org.apache.avro.AvroRuntimeException e) {
      throw new IOException("archive file " + file + " is not a readable Avro file of " + type.getSimpleName()
          + " (" + e.getMessage() + "); move it aside or restore it", e);
    }
  }
}
