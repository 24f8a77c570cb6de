package org.ecgstream.core.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleException.Reason;
import org.ecgstream.core.bundle.ManifestFile;
import org.ecgstream.core.bundle.ModelBundle;

/**
 * A {@link BundleStore} in a local (or mounted) directory: {@code root/NAME/VERSION/} holds each
 * bundle, addressed by {@code file:} URIs. A bundle is copied to a temporary sibling, verified
 * there and then renamed into place, so a reader never sees a half-copied version.
 */
public final class DirectoryBundleStore implements BundleStore {

  private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  private final Path root;

  public DirectoryBundleStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The store's root directory. */
  public Path root() {
    return root;
  }

  @Override
  public URI put(Path bundleDir) throws BundleException, IOException {
    ModelBundle source = ModelBundle.open(bundleDir);
    String name = requireSegment(bundleDir, source.manifest().name(), "name");
    String version = requireSegment(bundleDir, source.manifest().version(), "version");
    Path target = root.resolve(name).resolve(version);
    if (Files.exists(target)) {
      ModelBundle stored = ModelBundle.open(target);
      if (!ModelRegistryEvents.manifestSha256(stored).equals(ModelRegistryEvents.manifestSha256(source))) {
        throw new BundleException(Reason.UNSUPPORTED_LOCATION, bundleDir, "the store " + root + " already holds "
            + name + " " + version + " with different contents (versions are immutable; give the new bundle a new version)");
      }
      return target.toUri();
    }
    Files.createDirectories(target.getParent());
    Path staging = Files.createTempDirectory(target.getParent(), "." + version + ".copying-");
    try {
      try (Stream<Path> files = Files.list(source.dir())) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(file, staging.resolve(file.getFileName().toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      ModelBundle.open(staging);
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteQuietly(staging);
    }
    return target.toUri();
  }

  @Override
  public ModelBundle resolve(URI uri) throws BundleException {
    return ModelBundle.open(localPath(uri));
  }

  @Override
  public ManifestFile manifest(URI uri) throws BundleException {
    return ManifestFile.read(localPath(uri));
  }

  /** The directory a {@code file:} URI names. */
  public Path localPath(URI uri) throws BundleException {
    if (uri == null || !"file".equalsIgnoreCase(uri.getScheme())) {
      throw new BundleException(Reason.UNSUPPORTED_LOCATION, Path.of(String.valueOf(uri)),
          "this store (" + root + ") reads file: URIs only, got " + uri + " (configure a store for that scheme)");
    }
    try {
      return Path.of(uri);
    } catch (IllegalArgumentException | FileSystemNotFoundException e) {
      throw new BundleException(Reason.UNSUPPORTED_LOCATION, Path.of(String.valueOf(uri)),
          "not a usable file: URI (" + e.getMessage() + ")");
    }
  }

  private static String requireSegment(Path dir, String value, String what) throws BundleException {
    if (!PATH_SEGMENT.matcher(value).matches()) {
      throw new BundleException(Reason.CORRUPT_MANIFEST, dir, "manifest " + what + " '" + value
          + "' cannot name a store directory (letters, digits, '.', '_', '+', '-' only)");
    }
    return value;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // A leftover staging directory is hidden (dot name) and replaced by the next put.
    }
  }
}
