package org.ecgstream.core.testdata;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The public ECG data sets beside the project ({@code ../shared/data}), never copied into it.
 * Surefire passes the folder as system property {@code ecg.shared.data}.
 */
public final class SharedData {

  private SharedData() {}

  /** {@code sub} inside the shared data folder; skips the calling test when the data is absent. */
  public static Path folder(String sub) {
    String root = System.getProperty("ecg.shared.data", "../../shared/data");
    Path path = Path.of(root).resolve(sub).normalize();
    Assumptions.assumeTrue(Files.isDirectory(path), () -> "shared data not found at " + path.toAbsolutePath());
    return path;
  }
}
