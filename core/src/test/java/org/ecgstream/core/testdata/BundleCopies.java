package org.ecgstream.core.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.BundleWriter;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.bundle.ModelBundle;

/** Copies of the default bundle for tests that publish, re-version or damage one (never the original). */
public final class BundleCopies {

  private BundleCopies() {}

  /** A copy of the default bundle in {@code target} (created), version unchanged. */
  public static Path defaultBundle(Path target) {
    try {
      Files.createDirectories(target);
      try (Stream<Path> files = Files.list(DefaultBundle.dir())) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(file, target.resolve(file.getFileName().toString()));
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the default bundle to " + target, e);
    }
  }

  /** A copy of the default bundle re-sealed as {@code version}: same weights, valid checksums. */
  public static Path withVersion(Path target, String version) {
    Path dir = defaultBundle(target);
    try {
      BundleManifest m = ModelBundle.open(dir).manifest();
      BundleWriter.write(dir, new BundleManifest(m.formatVersion(), m.name(), version, m.created(), m.gitCommit(),
          m.config(), m.trainingData(), m.metrics(), m.inputSpec(), m.textSpec(), m.embeddingSize(), m.onnxOpset(),
          m.files(), m.prompts(), m.calibration(), m.advisories(), m.evidence()));
      return dir;
    } catch (IOException | BundleException e) {
      throw new IllegalStateException("cannot re-version the bundle copy in " + dir, e);
    }
  }

  /**
   * A copy of the default bundle re-sealed as {@code version} with {@code advisory} declared for
   * {@code label} (which must be a calibrated label of the bundle): for tests of the advisory
   * machinery with settings the shipped bundle does not declare.
   */
  public static Path withAdvisory(Path target, String version, String label, LabelAdvisory advisory) {
    Path dir = defaultBundle(target);
    try {
      BundleManifest m = ModelBundle.open(dir).manifest();
      Map<String, LabelAdvisory> advisories = new HashMap<>(m.advisories());
      advisories.put(label, advisory);
      BundleWriter.write(dir, new BundleManifest(m.formatVersion(), m.name(), version, m.created(), m.gitCommit(),
          m.config(), m.trainingData(), m.metrics(), m.inputSpec(), m.textSpec(), m.embeddingSize(), m.onnxOpset(),
          m.files(), m.prompts(), m.calibration(), advisories, m.evidence()));
      return dir;
    } catch (IOException | BundleException e) {
      throw new IllegalStateException("cannot declare an advisory in the bundle copy in " + dir, e);
    }
  }

  /** Flips one byte in the middle of {@code dir}'s ecg_encoder.onnx, so its sha256 no longer matches. */
  public static Path corruptEcgEncoder(Path dir) {
    Path file = dir.resolve("ecg_encoder.onnx");
    try {
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x5A;
      Files.write(file, bytes);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot damage " + file, e);
    }
  }
}
