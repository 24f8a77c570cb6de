package org.ecgstream.core.bundle;

/** Field checks shared by the manifest records, each failing with the manifest field's JSON name. */
final class ManifestChecks {

  private ManifestChecks() {}

  static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is missing or blank");
    }
  }

  /** A bundle is flat: file names may not name directories, climb out of it, or shadow the manifest. */
  static void requireFileName(String name, String field) {
    requireText(name, field);
    if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")
        || name.equals(BundleLayout.MANIFEST)) {
      throw new IllegalArgumentException(
          field + " '" + name + "' is not a plain file name inside the bundle directory");
    }
  }
}
