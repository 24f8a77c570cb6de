package org.ecgstream.flink.models;

import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.schemas.ModelVersion;

/**
 * What loading a declared version for a stage came to: a loaded model, or the reason it was refused
 * ({@code repeated}: another subtask of this JVM refused the same bundle already and logged it).
 */
record LoadOutcome(ModelStage stage, ModelVersion version, LoadedModel loaded, String refusal, boolean repeated) {

  static LoadOutcome loaded(ModelStage stage, ModelVersion version, LoadedModel loaded) {
    return new LoadOutcome(stage, version, loaded, null, false);
  }

  static LoadOutcome refused(ModelStage stage, ModelVersion version, String reason) {
    return new LoadOutcome(stage, version, null, reason, false);
  }

  boolean isRefused() {
    return refusal != null;
  }

  String id() {
    return ModelRoute.identity(version.getVersion(), version.getSha256());
  }
}
