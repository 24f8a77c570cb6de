package org.ecgstream.flink.alarms;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.schemas.AlarmPriority;

/**
 * What a model's labels do in the alarm engine, from its manifest: which labels raise advisory
 * alarms and how ({@link Advisory}, smoothed by {@link LabelSmoothing}), and which labels are
 * evidence for a detector alarm of the same condition ({@link ModelEvidence}). A manifest from
 * before manifests declared this (no {@code advisories}, no {@code evidence}) gets what the job did
 * then: a calibrated {@code atrial_fibrillation} label raises the LOW AF advisory and is evidence
 * for the detector's ATRIAL_FIBRILLATION alarm.
 *
 * @param advisories one per advisory label, in label order
 * @param evidence label to detector alarm kind
 */
public record LabelAdvisories(List<Advisory> advisories, Map<String, String> evidence) implements Serializable {

  /** One label's advisory: its alarm kind and priority, and how its score is smoothed and judged. */
  public record Advisory(String kind, AlarmPriority priority, LabelTrend.Settings settings) implements Serializable {
    public Advisory {
      if (priority == AlarmPriority.HIGH) {
        throw new IllegalArgumentException("advisory " + kind + ": a model never raises HIGH priority alarms");
      }
    }
  }

  static final String AF_LABEL = "atrial_fibrillation";
  static final Advisory LEGACY_AF = advisory(AF_LABEL, LabelAdvisory.ATRIAL_FIBRILLATION);

  public LabelAdvisories {
    advisories = List.copyOf(advisories);
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }

  /** The advisories and evidence {@code manifest} declares. */
  public static LabelAdvisories of(BundleManifest manifest) {
    if (manifest.advisories().isEmpty() && manifest.evidence().isEmpty()) {
      boolean af = manifest.prompts().containsKey(AF_LABEL) && manifest.calibration().containsKey(AF_LABEL);
      return af ? new LabelAdvisories(List.of(LEGACY_AF), Map.of(AF_LABEL, RhythmAlarms.ATRIAL_FIBRILLATION))
          : new LabelAdvisories(List.of(), Map.of());
    }
    List<Advisory> list = new ArrayList<>();
    manifest.advisories().forEach((label, a) -> list.add(advisory(label, a)));
    return new LabelAdvisories(list, manifest.evidence());
  }

  static Advisory advisory(String label, LabelAdvisory a) {
    return new Advisory(a.kind(), AlarmPriority.valueOf(a.priority()),
        new LabelTrend.Settings(label, a.smoothing(), a.threshold(), a.windowsToRaise()));
  }

  /**
   * These advisories with the AF advisory's threshold and window count replaced where given (the
   * job's {@code model.af-threshold} and {@code model.af-windows} options; null keeps the
   * manifest's), when there is an AF advisory.
   */
  public LabelAdvisories withAtrialFibrillation(Double threshold, Integer windowsToRaise) {
    if (threshold == null && windowsToRaise == null) {
      return this;
    }
    List<Advisory> list = new ArrayList<>();
    for (Advisory a : advisories) {
      LabelTrend.Settings s = a.settings();
      list.add(s.label().equals(AF_LABEL)
          ? new Advisory(a.kind(), a.priority(), new LabelTrend.Settings(s.label(), s.alpha(),
              threshold == null ? s.threshold() : threshold, windowsToRaise == null ? s.windowsToRaise() : windowsToRaise))
          : a);
    }
    return new LabelAdvisories(list, evidence);
  }

  /** The labels with an advisory. */
  public List<String> advisoryLabels() {
    return advisories.stream().map(a -> a.settings().label()).toList();
  }

  /** The advisory of {@code label}, or null. */
  public Advisory advisory(String label) {
    return advisories.stream().filter(a -> a.settings().label().equals(label)).findFirst().orElse(null);
  }
}
