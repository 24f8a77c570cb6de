package org.ecgstream.local.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.schemas.ModelVersion;

/** What the registry's history says now: the current record per model and stage, a version's record, the rollback target. */
public final class ModelRegistryView {

  private final List<ModelVersion> history;

  public ModelRegistryView(List<ModelVersion> history) {
    this.history = List.copyOf(history);
  }

  /** The latest record per model and stage (what the compacted topic keeps), by model then stage. */
  public List<ModelVersion> current() {
    Map<String, ModelVersion> latest = new LinkedHashMap<>();
    for (ModelVersion v : history) {
      latest.put(ModelRegistryEvents.key(v), v);
    }
    List<ModelVersion> rows = new ArrayList<>(latest.values());
    rows.sort(Comparator.comparing(ModelVersion::getModelName).thenComparing(v -> ModelStage.parse(v.getStage()),
        Comparator.comparing(ModelRegistryView::stageOrder)));
    return rows;
  }

  /** Every record of {@code modelName}, oldest first. */
  public List<ModelVersion> historyOf(String modelName) {
    return history.stream().filter(v -> v.getModelName().equals(modelName)).toList();
  }

  /** The latest record of {@code modelName} at {@code version}, in whatever stage. */
  public Optional<ModelVersion> latest(String modelName, String version) {
    ModelVersion found = null;
    for (ModelVersion v : historyOf(modelName)) {
      if (v.getVersion().equals(version)) {
        found = v;
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The production version before the current one: the latest production record of another
   * version than the current production's.
   *
   * @throws IllegalStateException when there is no production version, or none before it
   */
  public ModelVersion previousProduction(String modelName) {
    List<ModelVersion> productions = historyOf(modelName).stream()
        .filter(v -> ModelStage.parse(v.getStage()) == ModelStage.PRODUCTION).toList();
    if (productions.isEmpty()) {
      throw new IllegalStateException("model " + modelName + " has no production version to roll back from"
          + " (./ecg models list shows what the registry holds)");
    }
    String current = productions.get(productions.size() - 1).getVersion();
    for (int i = productions.size() - 1; i >= 0; i--) {
      if (!productions.get(i).getVersion().equals(current)) {
        return productions.get(i);
      }
    }
    throw new IllegalStateException("model " + modelName + " has had only version " + current
        + " in production; there is nothing to roll back to (promote another version instead)");
  }

  private static int stageOrder(ModelStage stage) {
    return switch (stage) {
      case PRODUCTION -> 0;
      case CANARY -> 1;
      case SHADOW -> 2;
      case ARCHIVED -> 3;
    };
  }
}
