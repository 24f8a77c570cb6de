package org.ecgstream.core.bundle;

import java.nio.file.Path;

/**
 * A bundle's manifest.json read on its own, with the sha256 of exactly the bytes that were parsed:
 * what a model registry record pins ({@code ModelVersion.sha256} is the manifest's sha256, and the
 * manifest in turn pins every other file by its checksum). For readers that need what a version
 * declares (advisories, evidence, labels, metrics) but none of its other files: reading it costs
 * the manifest's few kilobytes, where {@link ModelBundle#open} hashes every ONNX file (milliseconds
 * for cmelt-tiny, seconds for a large bundle).
 *
 * <p>Checked, from the manifest alone: valid JSON, a format version this reader understands, a valid
 * manifest, the required files listed. Not checked: that the other files are present and match
 * their checksums, and that the input spec can be served. Whoever loads the ONNX files opens the
 * bundle with {@link ModelBundle#open}, which checks all of it.
 *
 * @param dir the bundle directory
 * @param manifest the manifest
 * @param sha256 sha256 of the manifest.json bytes {@code manifest} was parsed from
 */
public record ManifestFile(Path dir, BundleManifest manifest, String sha256) {

  /**
   * Reads {@code dir}'s manifest.json once, hashes and parses those bytes (so the digest is that of
   * the manifest returned, even if the file is replaced meanwhile).
   *
   * @throws BundleException when there is no manifest or it is not a valid one, saying which
   */
  public static ManifestFile read(Path dir) throws BundleException {
    byte[] bytes = ModelBundle.readManifestBytes(dir);
    BundleManifest manifest = ModelBundle.parseManifest(dir, bytes);
    ModelBundle.requireFilesListed(dir, manifest);
    return new ManifestFile(dir, manifest, Sha256.of(bytes));
  }
}
