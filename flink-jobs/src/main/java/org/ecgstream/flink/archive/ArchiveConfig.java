package org.ecgstream.flink.archive;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.ecgstream.core.topics.EcgTopics;

/**
 * Where and how the alarm job archives recordings and reports, validated on construction.
 *
 * @param baseUri the archive's base: a directory ({@code /data/ecg-archive}) or any Flink filesystem
 *     URI ({@code file:///...}, {@code s3://bucket/ecg-archive} with Flink's S3 plugin)
 * @param recordingLength device time one recording holds at most (whole frames)
 * @param reportsTopic cardiologists' reports in ({@code ecg.reports})
 */
public record ArchiveConfig(String baseUri, Duration recordingLength, String reportsTopic) implements Serializable {

  /** Shortest recording worth archiving: a C-MELT window is 10 s; shorter only through gaps. */
  public static final Duration MIN_LENGTH = Duration.ofSeconds(1);
  /** Longest: one recording is held in keyed state until it closes (about 12 kB per lead-second at 500 Hz). */
  public static final Duration MAX_LENGTH = Duration.ofMinutes(10);

  public ArchiveConfig {
    Objects.requireNonNull(baseUri, "archive base");
    if (baseUri.isBlank()) {
      throw new IllegalArgumentException("archive base is blank; give a directory or a filesystem URI (s3://bucket/dir)");
    }
    if (recordingLength.compareTo(MIN_LENGTH) < 0 || recordingLength.compareTo(MAX_LENGTH) > 0) {
      throw new IllegalArgumentException("archive recording length must be between " + MIN_LENGTH.toSeconds() + " s and "
          + MAX_LENGTH.toMinutes() + " min, got " + recordingLength);
    }
    Objects.requireNonNull(reportsTopic, "reports topic");
  }

  /** 30 s recordings under {@code baseUri}, reports from the default topic. */
  public static ArchiveConfig defaults(String baseUri) {
    return new ArchiveConfig(baseUri, Duration.ofSeconds(30), EcgTopics.REPORTS.name());
  }

  /** The same archive with recordings of another length. */
  public ArchiveConfig withRecordingLength(Duration length) {
    return new ArchiveConfig(baseUri, length, reportsTopic);
  }
}
