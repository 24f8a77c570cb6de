package org.ecgstream.flink.archive;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.avro.AvroWriters;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.function.SerializableFunction;
import org.ecgstream.core.archive.ArchiveLayout;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.EcgReport;

/**
 * The archive's exactly-once file sinks: Avro container files (bulk format), rolled on every
 * checkpoint, so a file becomes visible (renamed from its hidden in-progress name) only when the
 * checkpoint that covers its records completes, and a restart from that checkpoint neither loses
 * nor repeats a record. Layout as {@link ArchiveLayout}; the base is a directory or any Flink
 * filesystem URI.
 */
public final class ArchiveSinks {

  private ArchiveSinks() {}

  /** Recordings under {@code base/recordings/day=...}, by the UTC day of their first sample. */
  public static FileSink<ArchivedRecording> recordings(String base) {
    return avroFiles(base, ArchiveLayout.RECORDINGS, ArchivedRecording.class, ArchivedRecording::getStartMillis);
  }

  /** Reports under {@code base/reports/day=...}, by the UTC day their recording started. */
  public static FileSink<EcgReport> reports(String base) {
    return avroFiles(base, ArchiveLayout.REPORTS, EcgReport.class, EcgReport::getRecordingStartMillis);
  }

  private static <T extends SpecificRecordBase> FileSink<T> avroFiles(String base, String folder, Class<T> type,
      SerializableFunction<T, Long> dayOf) {
    return FileSink.forBulkFormat(new Path(new Path(base), folder), AvroWriters.forSpecificRecord(type))
        .withBucketAssigner(new UtcDayBuckets<>(dayOf))
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(OutputFileConfig.builder()
            .withPartPrefix(folder)
            .withPartSuffix(ArchiveLayout.FILE_SUFFIX)
            .build())
        .build();
  }
}
