package org.ecgstream.core.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ecgstream.core.bundle.BundleException.Reason;

/**
 * Seals a bundle directory the exporter has filled: computes the sha256 of every file in it and
 * writes manifest.json last, so a directory with a manifest is a finished bundle.
 */
public final class BundleWriter {

  private BundleWriter() {}

  /**
   * Writes {@code dir/manifest.json} from {@code manifest} with {@code files} set to the sha256 of
   * every regular file in {@code dir} (any files already in {@code manifest} are replaced).
   *
   * @return the manifest as written
   * @throws BundleException MISSING_FILE when a required file is absent
   * @throws IllegalArgumentException when {@code dir} holds a subdirectory (bundles are flat)
   */
  public static BundleManifest write(Path dir, BundleManifest manifest) throws IOException, BundleException {
    Map<String, String> files = new TreeMap<>();
    for (Path file : listFiles(dir)) {
      files.put(file.getFileName().toString(), Sha256.ofFile(file));
    }
    for (String required : BundleLayout.REQUIRED_FILES) {
      if (!files.containsKey(required)) {
        throw new BundleException(Reason.MISSING_FILE, dir, "cannot write manifest: required file " + required
            + " is missing (export it into the bundle directory first)");
      }
    }
    if (!files.containsKey(manifest.textSpec().tokenizerFile())) {
      throw new BundleException(Reason.MISSING_FILE, dir, "cannot write manifest: tokenizer file "
          + manifest.textSpec().tokenizerFile() + " named in text_spec is missing");
    }
    BundleManifest sealed = manifest.withFiles(files);
    Path temporary = dir.resolve(BundleLayout.MANIFEST + ".tmp");
    Files.write(temporary, toJson(sealed));
    Files.move(temporary, dir.resolve(BundleLayout.MANIFEST),
        StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return sealed;
  }

  /** The manifest as manifest.json holds it: pretty-printed UTF-8, stable field and key order, final newline. */
  public static byte[] toJson(BundleManifest manifest) throws IOException {
    String json = BundleJson.MAPPER.writeValueAsString(manifest) + "\n";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> all = entries.sorted().toList();
      for (Path entry : all) {
        if (Files.isDirectory(entry)) {
          throw new IllegalArgumentException("bundle " + dir + ": subdirectory " + entry.getFileName()
              + " is not allowed (a bundle is a flat directory; move its files up or out)");
        }
      }
      return all.stream()
          .filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(BundleLayout.MANIFEST))
          .filter(p -> !p.getFileName().toString().equals(BundleLayout.MANIFEST + ".tmp"))
          .toList();
    }
  }
}
