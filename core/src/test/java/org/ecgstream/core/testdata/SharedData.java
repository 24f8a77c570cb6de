package org.ecgstream.core.testdata;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The public ECG data sets beside the project ({@code ../shared/data}), never copied into it.
 * Surefire passes the folder as system property {@code ecg.shared.data}.
 *
 * <p>A developer without the data sees these tests skipped; on CI ({@code CI=true}) missing data
 * fails the test, so a broken path can never pass as green.
 */
public final class SharedData {

  private SharedData() {}

  /** {@code sub} inside the shared data folder; skips (or on CI fails) the calling test when absent. */
  public static Path folder(String sub) {
    String root = System.getProperty("ecg.shared.data", "../../shared/data");
    Path path = Path.of(root).resolve(sub).normalize();
    if (!Files.isDirectory(path)) {
      String message = "shared data not found at " + path.toAbsolutePath()
          + " (expected ../shared/data beside the project; see ../shared/data/MANIFEST.md)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message);
      }
      Assumptions.abort(message);
    }
    return path;
  }
}
