package org.ecgstream.core.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Where things live in the ECG archive, the one place the writer (flink-jobs' archive sink) and
 * the reader (the trainer's ArchiveDataset) agree on:
 *
 * <pre>
 * BASE/recordings/day=2026-11-26/recordings-&lt;uuid&gt;-&lt;n&gt;.avro   ArchivedRecording, by UTC day of startMillis
 * BASE/reports/day=2026-11-26/reports-&lt;uuid&gt;-&lt;n&gt;.avro         EcgReport, by UTC day of recordingStartMillis
 * </pre>
 *
 * Files are Avro object container files. Names starting with {@code .} or {@code _} are a writer's
 * in-progress or bookkeeping files and are never read.
 */
public final class ArchiveLayout {

  /** Folder of the recordings (ArchivedRecording, report left empty by the writer). */
  public static final String RECORDINGS = "recordings";
  /** Folder of the reports (EcgReport as they arrived on ecg.reports). */
  public static final String REPORTS = "reports";
  /** Prefix of a day partition's folder name, followed by the ISO date in UTC. */
  public static final String DAY_PREFIX = "day=";
  /** Suffix of every finished archive file. */
  public static final String FILE_SUFFIX = ".avro";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

  private ArchiveLayout() {}

  /** The day partition's folder name of an instant: {@code day=2026-11-26} (UTC). */
  public static String dayPartition(long epochMillis) {
    return DAY_PREFIX + DAY.format(Instant.ofEpochMilli(epochMillis));
  }

  /** The date of a day partition's folder name, or empty when the name is not one. */
  public static Optional<LocalDate> dayOf(String folderName) {
    if (!folderName.startsWith(DAY_PREFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(folderName.substring(DAY_PREFIX.length())));
    } catch (java.time.format.DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether a file name is a finished archive file (not in progress, not hidden). */
  public static boolean isFinishedFile(String fileName) {
    return !fileName.startsWith(".") && !fileName.startsWith("_") && fileName.endsWith(FILE_SUFFIX);
  }
}
