package org.ecgstream.core.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.schemas.ModelVersion;

/**
 * Builds the {@link ModelVersion} records of the {@code ecg.models} topic: every record says
 * which bundle (URI and sha256 of its manifest.json), which stage, and who changed it, when and why.
 * The topic is compacted on {@link #key}, so it keeps the latest record per model and stage.
 */
public final class ModelRegistryEvents {

  private ModelRegistryEvents() {}

  /** The topic key of a model's stage: {@code NAME/STAGE}. */
  public static String key(String modelName, ModelStage stage) {
    return modelName + "/" + stage.wireName();
  }

  /** The topic key {@code version} is written under. */
  public static String key(ModelVersion version) {
    return key(version.getModelName(), ModelStage.parse(version.getStage()));
  }

  /**
   * sha256 of the bundle's manifest.json, which pins every other file through its checksums: of the
   * bytes the bundle was opened and verified from ({@link ModelBundle#manifestSha256}).
   */
  public static String manifestSha256(ModelBundle bundle) {
    return bundle.manifestSha256();
  }

  /**
   * Why the bundle in {@code dir}, whose manifest.json ({@code manifest}, sha256 {@code manifestSha256})
   * was read from the store, is not the one {@code record} published; null when it is: the same
   * manifest bytes, and the name and version the record names.
   */
  public static String notAsPublished(Path dir, BundleManifest manifest, String manifestSha256, ModelVersion record) {
    if (!manifestSha256.equals(record.getSha256())) {
      return "bundle " + dir + ": sha256 of manifest.json is " + manifestSha256 + ", the registry published "
          + record.getSha256() + " (bundle replaced after publishing; publish it again as a new version)";
    }
    if (!manifest.name().equals(record.getModelName()) || !manifest.version().equals(record.getVersion())) {
      return "bundle " + dir + " is " + manifest.name() + " " + manifest.version()
          + ", the registry record says " + record.getModelName() + " " + record.getVersion();
    }
    return null;
  }

  /** A newly published bundle, stored at {@code uri}: stage shadow, metrics from its manifest. */
  public static ModelVersion published(ModelBundle bundle, URI uri, String by, Instant at, String reason) {
    return ModelVersion.newBuilder()
        .setModelName(bundle.manifest().name())
        .setVersion(bundle.manifest().version())
        .setUri(uri.toString())
        .setSha256(manifestSha256(bundle))
        .setStage(ModelStage.SHADOW.wireName())
        .setCanaryShare(null)
        .setMetrics(Map.copyOf(bundle.manifest().metrics()))
        .setChangedBy(requireText(by, "who published it (--by)"))
        .setChangedAtMillis(at.toEpochMilli())
        .setReason(reason == null || reason.isBlank() ? "published" : reason)
        .build();
  }

  /**
   * {@code version} moved to {@code stage}: same bundle, new who/when/why.
   *
   * @param canaryShare share of patients for {@link ModelStage#CANARY}, in (0, 1]; null for other stages
   * @throws IllegalArgumentException without a reason, or with a share that does not fit the stage
   */
  public static ModelVersion staged(ModelVersion version, ModelStage stage, Double canaryShare, String by,
      Instant at, String reason) {
    Objects.requireNonNull(version, "version");
    if (stage == ModelStage.CANARY) {
      if (canaryShare == null || !(canaryShare > 0 && canaryShare <= 1)) {
        throw new IllegalArgumentException("a canary needs a share of patients in (0, 1], got " + canaryShare
            + " (give --share, e.g. 0.1)");
      }
    } else if (canaryShare != null) {
      throw new IllegalArgumentException("a share of patients applies to the canary stage only, not " + stage.wireName());
    }
    return ModelVersion.newBuilder(version)
        .setStage(stage.wireName())
        .setCanaryShare(canaryShare)
        .setChangedBy(requireText(by, "who changed it (--by)"))
        .setChangedAtMillis(at.toEpochMilli())
        .setReason(requireText(reason, "why it changed (--reason)"))
        .build();
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a model registry change must record " + what);
    }
    return value;
  }
}
