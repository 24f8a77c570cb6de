package org.ecgstream.core.bundle;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How one zero-shot label raises an advisory alarm, as the manifest's {@code advisories} declares it
 * (label name to this): the label's calibrated probability is smoothed over consecutive windows
 * ({@code smoothed = smoothing * score + (1 - smoothing) * smoothed}); the advisory is raised when
 * the smoothed probability has been at or above {@code threshold} on {@code windows_to_raise}
 * consecutive windows and cleared when it falls below. A model raises advisories only, never a
 * life-threatening alarm: {@code priority} is MEDIUM or LOW, never HIGH.
 *
 * @param kind the alarm kind, upper snake case, e.g. "MODEL_ST_CHANGE"
 * @param priority "MEDIUM" or "LOW"
 * @param threshold on the smoothed calibrated probability, in (0, 1)
 * @param windowsToRaise consecutive windows at or above the threshold before the advisory is raised (>= 1)
 * @param smoothing weight of the newest window in the moving average, in (0, 1]
 */
public record LabelAdvisory(String kind, String priority, double threshold, int windowsToRaise, double smoothing) {

  /** Alarm kinds: what the alarm engine and the dashboard key on. */
  static final Pattern KIND = Pattern.compile("[A-Z][A-Z0-9_]*");

  /**
   * The atrial-fibrillation advisory as the alarm job raised it before manifests declared
   * advisories: LOW, smoothed probability at or above 0.35 (calibrated on CinC 2017, where AF
   * recordings average 0.40 and normal ones 0.13 on the default model) on 3 consecutive windows,
   * newest window weighted 0.5. What an export declares for a calibrated atrial_fibrillation label,
   * and what the job assumes for a manifest that declares nothing. (Declared after {@link #KIND},
   * which the constructor checks the kind against.)
   */
  public static final LabelAdvisory ATRIAL_FIBRILLATION = new LabelAdvisory("ATRIAL_FIBRILLATION_MODEL", "LOW", 0.35, 3, 0.5);

  public LabelAdvisory {
    if (kind == null || !KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException("advisory kind '" + kind + "' must be upper snake case such as MODEL_ST_CHANGE");
    }
    String p = priority == null ? "" : priority.toUpperCase(Locale.ROOT);
    if (!p.equals("MEDIUM") && !p.equals("LOW")) {
      throw new IllegalArgumentException("advisory " + kind + ": priority '" + priority
          + "' must be MEDIUM or LOW (a model never raises HIGH priority alarms; the DSP detectors own those)");
    }
    priority = p;
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("advisory " + kind + ": threshold " + threshold
          + " must be a calibrated probability strictly between 0 and 1");
    }
    if (windowsToRaise < 1) {
      throw new IllegalArgumentException("advisory " + kind + ": windows_to_raise must be at least 1, got " + windowsToRaise);
    }
    if (!(smoothing > 0 && smoothing <= 1)) {
      throw new IllegalArgumentException("advisory " + kind + ": smoothing " + smoothing + " must be in (0, 1] (1: no smoothing)");
    }
  }
}
