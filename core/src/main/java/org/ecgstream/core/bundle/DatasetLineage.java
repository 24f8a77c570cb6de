package org.ecgstream.core.bundle;

import java.util.Objects;

/**
 * One data set a model was trained or evaluated on, pinned by the hash of its content.
 *
 * @param dataset data set name, e.g. "ptbxl"
 * @param split which part was used, e.g. "train" or "folds 1-8"
 * @param contentSha256 sha256 (lowercase hex) over the data as read, so a changed copy is noticed
 * @param records how many records were used
 */
public record DatasetLineage(String dataset, String split, String contentSha256, int records) {

  public DatasetLineage {
    ManifestChecks.requireText(dataset, "training_data.dataset");
    ManifestChecks.requireText(split, "training_data.split");
    Objects.requireNonNull(contentSha256, "training_data.content_sha256");
    if (!Sha256.isHexDigest(contentSha256)) {
      throw new IllegalArgumentException("training_data.content_sha256 of " + dataset
          + " must be 64 lowercase hex digits, got '" + contentSha256 + "'");
    }
    if (records < 0) {
      throw new IllegalArgumentException("training_data.records of " + dataset + " is negative: " + records);
    }
  }
}
