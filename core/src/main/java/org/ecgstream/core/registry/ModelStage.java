package org.ecgstream.core.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a model version stands in its rollout; written lower-case on the {@code ecg.models} topic. */
public enum ModelStage {
  /** Labels the same windows as production to a separate output only; never raises advisories. */
  SHADOW,
  /** Serves a configured share of patients (chosen by a hash of the patient id). */
  CANARY,
  /** Serves every patient not in a canary. */
  PRODUCTION,
  /** Retired; kept for the record and for rollback. */
  ARCHIVED;

  /** The stage as the topic and the labels carry it: {@code shadow}, {@code canary}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The stage named {@code text}, case-insensitive.
   *
   * @throws IllegalArgumentException naming the stages there are
   */
  public static ModelStage parse(String text) {
    for (ModelStage stage : values()) {
      if (stage.wireName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return stage;
      }
    }
    throw new IllegalArgumentException("unknown model stage '" + text + "' (one of "
        + Arrays.stream(values()).map(ModelStage::wireName).collect(Collectors.joining(", ")) + ")");
  }
}
