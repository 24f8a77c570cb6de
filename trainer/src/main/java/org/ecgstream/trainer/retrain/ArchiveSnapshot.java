package org.ecgstream.trainer.retrain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.ecgstream.core.archive.ArchiveLayout;
import org.ecgstream.core.bundle.Sha256;

/**
 * Which archive files a re-training read, pinned by content: the finished files (never the
 * writer's in-progress ones) under {@code recordings/} and {@code reports/}, each with its
 * sha256, and one sha256 over the sorted list of (path relative to the base, file sha256). The
 * same files give the same hash wherever the archive is mounted; a file added, removed, renamed
 * or changed gives another.
 *
 * @param files the finished archive files, sorted by relative path
 * @param sha256 the snapshot's hash (lowercase hex), the lineage's content hash
 */
public record ArchiveSnapshot(List<ArchivedFile> files, String sha256) {

  /** One finished archive file: path relative to the base (with '/'), size and sha256. */
  public record ArchivedFile(String relativePath, long bytes, String sha256) {}

  public ArchiveSnapshot {
    files = List.copyOf(files);
  }

  /** Lists and hashes the finished files of the archive under {@code base}. */
  public static ArchiveSnapshot of(Path base) throws IOException {
    List<ArchivedFile> files = new ArrayList<>();
    for (String folder : List.of(ArchiveLayout.RECORDINGS, ArchiveLayout.REPORTS)) {
      Path dir = base.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path file : paths.filter(Files::isRegularFile)
            .filter(f -> ArchiveLayout.isFinishedFile(f.getFileName().toString()))
            .filter(f -> isInDayPartition(dir, f)).toList()) {
          String relative = base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
          files.add(new ArchivedFile(relative, Files.size(file), Sha256.ofFile(file)));
        }
      }
    }
    files.sort((a, b) -> a.relativePath().compareTo(b.relativePath()));
    return new ArchiveSnapshot(files, hash(files));
  }

  /** Files under {@code recordings/}. */
  public long recordingFiles() {
    return files.stream().filter(f -> f.relativePath().startsWith(ArchiveLayout.RECORDINGS + "/")).count();
  }

  /** Files under {@code reports/}. */
  public long reportFiles() {
    return files.stream().filter(f -> f.relativePath().startsWith(ArchiveLayout.REPORTS + "/")).count();
  }

  /** Total size of the files, bytes. */
  public long bytes() {
    return files.stream().mapToLong(ArchivedFile::bytes).sum();
  }

  static String hash(List<ArchivedFile> sortedFiles) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
    for (ArchivedFile f : sortedFiles) {
      // A separator that cannot occur in either part keeps ("ab","c") apart from ("a","bc").
      digest.update((f.relativePath() + "\n" + f.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Only files directly in a {@code day=YYYY-MM-DD} folder are the archive's (as ArchiveDataset reads them). */
  private static boolean isInDayPartition(Path folder, Path file) {
    Path parent = file.getParent();
    return parent != null && folder.equals(parent.getParent())
        && ArchiveLayout.dayOf(parent.getFileName().toString()).isPresent();
  }
}
