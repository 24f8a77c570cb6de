package org.ecgstream.flink.models;

import java.util.Objects;

/**
 * Which model version labels a window, and as which stage (a Flink POJO): the bundle's local
 * directory and the identity {@code version@sha256-of-manifest} the registry published.
 */
public class ModelRoute {
  public String modelName;
  public String version;
  public String manifestSha256;
  public String stage;
  public String bundleDir;
  /** Share of patients for a canary, 0 for other stages. */
  public double canaryShare;

  public ModelRoute() {}

  public ModelRoute(String modelName, String version, String manifestSha256, String stage, String bundleDir,
      double canaryShare) {
    this.modelName = modelName;
    this.version = version;
    this.manifestSha256 = manifestSha256;
    this.stage = stage;
    this.bundleDir = bundleDir;
    this.canaryShare = canaryShare;
  }

  /** The identity of the bundle: two routes with the same id label alike. */
  public String id() {
    return identity(version, manifestSha256);
  }

  /** {@code version@sha256}, the identity of a published bundle. */
  public static String identity(String version, String manifestSha256) {
    return version + "@" + manifestSha256;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelRoute r && Objects.equals(modelName, r.modelName) && Objects.equals(version, r.version)
        && Objects.equals(manifestSha256, r.manifestSha256) && Objects.equals(stage, r.stage)
        && Objects.equals(bundleDir, r.bundleDir) && canaryShare == r.canaryShare;
  }

  @Override
  public int hashCode() {
    return Objects.hash(modelName, version, manifestSha256, stage, bundleDir, canaryShare);
  }

  @Override
  public String toString() {
    return modelName + "@" + version + " (" + stage + ")";
  }
}
