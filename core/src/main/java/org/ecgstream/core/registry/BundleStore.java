package org.ecgstream.core.registry;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ManifestFile;
import org.ecgstream.core.bundle.ModelBundle;

/**
 * Where published model bundles live, addressed by URI: the registry's {@code ecg.models} topic
 * records the URI, serving resolves it to a local, checksum-verified bundle.
 */
public interface BundleStore {

  /**
   * Verifies the bundle in {@code bundleDir} and stores a copy under its manifest's name and
   * version; storing the same bundle again is a no-op.
   *
   * @return the URI the stored bundle is resolved by
   * @throws BundleException when the bundle does not verify, or the store already holds a
   *     different bundle under that name and version
   */
  URI put(Path bundleDir) throws BundleException, IOException;

  /**
   * The bundle at {@code uri} as a local directory, every checksum verified.
   *
   * @throws BundleException when the URI cannot be read by this store or the bundle does not verify
   */
  ModelBundle resolve(URI uri) throws BundleException;

  /**
   * The manifest of the bundle at {@code uri} on its own, with the sha256 of its bytes to compare with
   * the registry record's: its other files are neither read nor verified ({@link ManifestFile}).
   *
   * @throws BundleException when the URI cannot be read by this store or holds no valid manifest
   */
  ManifestFile manifest(URI uri) throws BundleException;
}
