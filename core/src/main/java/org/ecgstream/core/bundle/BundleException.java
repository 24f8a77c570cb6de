package org.ecgstream.core.bundle;

import java.nio.file.Path;

/** A model bundle that must not be served, with the reason and what to do about it. */
public final class BundleException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a bundle was refused; stable, so callers and metrics can branch on it. */
  public enum Reason {
    /** The directory or its manifest.json does not exist. */
    MISSING_MANIFEST,
    /** manifest.json is not valid JSON or does not describe a valid bundle. */
    CORRUPT_MANIFEST,
    /** The manifest's format version is not one this code reads. */
    UNSUPPORTED_FORMAT,
    /** A required or listed file is absent from the directory or from the manifest. */
    MISSING_FILE,
    /** A file's sha256 differs from the manifest's. */
    CHECKSUM_MISMATCH,
    /** The bundle's input spec is one this caller cannot feed. */
    INCOMPATIBLE_INPUT,
    /** The bundle's URI names a location this store cannot read (another scheme, or outside the store). */
    UNSUPPORTED_LOCATION
  }

  private final Reason reason;
  private final Path bundleDir;

  /** A refusal found outside this package (a bundle store, a registry). */
  public BundleException(Reason reason, Path bundleDir, String detail) {
    this(reason, bundleDir, detail, null);
  }

  BundleException(Reason reason, Path bundleDir, String detail, Throwable cause) {
    super("bundle " + bundleDir + ": " + detail, cause);
    this.reason = reason;
    this.bundleDir = bundleDir;
  }

  /** Why the bundle was refused. */
  public Reason reason() {
    return reason;
  }

  /** The bundle directory, as the caller named it. */
  public Path bundleDir() {
    return bundleDir;
  }
}
