package org.ecgstream.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The temporary directories local components work in (broker logs, Streams state). */
public final class WorkDirectories {

  private static final Logger LOG = LoggerFactory.getLogger(WorkDirectories.class);

  private WorkDirectories() {}

  /** Deletes {@code dir} and everything in it; logs what it could not delete instead of failing. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          LOG.warn("event=delete_failed path={} cause={}", path, e.toString());
        }
      });
    } catch (IOException e) {
      LOG.warn("event=delete_failed path={} cause={}", dir, e.toString());
    }
  }
}
