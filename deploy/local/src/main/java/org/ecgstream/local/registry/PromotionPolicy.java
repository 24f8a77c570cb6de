package org.ecgstream.local.registry;

import java.util.Optional;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.schemas.ModelVersion;

/**
 * Which stage changes {@code ./ecg models promote} allows: a version goes shadow -> canary ->
 * production, one stage at a time, from the stage it holds now (the latest record of its stage is
 * its own; a version replaced in its stage by a newer one is not promoted by mistake). A canary may
 * be re-shared, and taken back to shadow; any version may be archived. The one exception: a model
 * with no production version yet may put a shadow straight into production, since a canary is a
 * share of patients taken from a production model that does not exist. Rollback is not a
 * promotion: it republishes the previous production ({@link ModelRegistryView#previousProduction}).
 */
public final class PromotionPolicy {

  private PromotionPolicy() {}

  /**
   * The record of {@code version} the change starts from.
   *
   * @throws IllegalArgumentException naming the version, its stage and what to do, when the change is not allowed
   */
  public static ModelVersion check(ModelRegistryView view, String name, String version, ModelStage target) {
    ModelVersion known = view.latest(name, version).orElseThrow(() -> new IllegalArgumentException("no version "
        + version + " of " + name + " on the registry (publish it first; a candidate refused by the re-training gate"
        + " is never published; ./ecg models show " + name + " lists its versions)"));
    ModelStage from = ModelStage.parse(known.getStage());
    Optional<ModelVersion> holder = view.current().stream()
        .filter(v -> v.getModelName().equals(name) && ModelStage.parse(v.getStage()) == from).findFirst();
    if (from != ModelStage.ARCHIVED && holder.isPresent() && !holder.get().getVersion().equals(version)) {
      throw new IllegalArgumentException(name + " " + version + " is no longer the " + from.wireName() + " version ("
          + holder.get().getVersion() + " replaced it); publish or promote it again from the start");
    }
    boolean hasProduction = view.current().stream()
        .anyMatch(v -> v.getModelName().equals(name) && ModelStage.parse(v.getStage()) == ModelStage.PRODUCTION);
    boolean allowed = switch (target) {
      case CANARY -> from == ModelStage.SHADOW || from == ModelStage.CANARY;
      case PRODUCTION -> from == ModelStage.CANARY || (from == ModelStage.SHADOW && !hasProduction);
      case SHADOW -> from == ModelStage.CANARY;
      case ARCHIVED -> from != ModelStage.ARCHIVED;
    };
    if (!allowed) {
      throw new IllegalArgumentException(name + " " + version + " is " + from.wireName() + "; it cannot go to "
          + target.wireName() + " (" + advice(from, target) + ")");
    }
    return known;
  }

  private static String advice(ModelStage from, ModelStage target) {
    if (target == ModelStage.PRODUCTION && from == ModelStage.SHADOW) {
      return "stages are not skipped: promote it --to canary --share 0.1 first, then --to production";
    }
    if (target == ModelStage.PRODUCTION && from == ModelStage.PRODUCTION) {
      return "it is in production already";
    }
    if (from == ModelStage.ARCHIVED) {
      return "an archived version is retired; publish it again as a new version, or use ./ecg models rollback";
    }
    if (from == ModelStage.PRODUCTION) {
      return "a production version leaves production by rollback or when another is promoted";
    }
    return "the order is shadow -> canary -> production";
  }
}
