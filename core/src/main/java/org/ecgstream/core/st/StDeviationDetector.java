package org.ecgstream.core.st;

/**
 * ST deviation as an alarm condition: some lead's ST level ({@link StLevelMonitor}) beyond
 * {@code limitMv} (elevation or depression) for {@code sustainSeconds} without a break starts it;
 * every lead back within the limit less {@link #HYSTERESIS_MV} for {@code clearSeconds} ends it.
 * Monitors alarm on sustained ST change, not a beat or two (IEC 60601-2-27 ST analysis; 0.2 mV =
 * 2 mm, the common default limit).
 */
public final class StDeviationDetector {

  /** A lead must come this much inside the limit to count as back. */
  public static final double HYSTERESIS_MV = 0.05;

  /** What changed at an update. */
  public enum Change { NONE, STARTED, ENDED }

  private final int sampleRateHz;
  private final double limitMv;
  private final long sustainSamples;
  private final long clearSamples;

  private boolean active;
  private long beyondSince = -1;
  private long withinSince = -1;
  private int worstLead = -1;
  private double worstLevelMv;

  /** The common bedside default: 0.2 mV (2 mm) for 60 s to start, 30 s back within to end. */
  public static StDeviationDetector defaults(int sampleRateHz) {
    return new StDeviationDetector(sampleRateHz, 0.2, 60, 30);
  }

  public StDeviationDetector(int sampleRateHz, double limitMv, double sustainSeconds, double clearSeconds) {
    if (!(limitMv > HYSTERESIS_MV) || sustainSeconds < 0 || clearSeconds < 0) {
      throw new IllegalArgumentException("ST limit must exceed " + HYSTERESIS_MV + " mV and durations be >= 0");
    }
    this.sampleRateHz = sampleRateHz;
    this.limitMv = limitMv;
    this.sustainSamples = Math.round(sustainSeconds * sampleRateHz);
    this.clearSamples = Math.round(clearSeconds * sampleRateHz);
  }

  /** Judges the levels at {@code sample}; call once per block. */
  public Change update(long sample, StLevelMonitor levels) {
    int lead = -1;
    double worst = 0;
    boolean allWithin = true;
    for (int l = 0; l < levels.leadCount(); l++) {
      double level = levels.levelMv(l);
      if (Double.isNaN(level)) {
        continue;
      }
      if (Math.abs(level) > Math.abs(worst)) {
        worst = level;
        lead = l;
      }
      allWithin &= Math.abs(level) < limitMv - HYSTERESIS_MV;
    }
    boolean beyond = lead >= 0 && Math.abs(worst) >= limitMv;
    if (!active) {
      beyondSince = beyond ? (beyondSince < 0 ? sample : beyondSince) : -1;
      if (beyond && sample - beyondSince >= sustainSamples) {
        active = true;
        withinSince = -1;
        worstLead = lead;
        worstLevelMv = worst;
        return Change.STARTED;
      }
      return Change.NONE;
    }
    if (beyond && Math.abs(worst) > Math.abs(worstLevelMv)) {
      worstLead = lead;
      worstLevelMv = worst;
    }
    withinSince = allWithin ? (withinSince < 0 ? sample : withinSince) : -1;
    if (allWithin && sample - withinSince >= clearSamples) {
      active = false;
      beyondSince = -1;
      return Change.ENDED;
    }
    return Change.NONE;
  }

  public boolean active() {
    return active;
  }

  /** The lead (index into the monitor's leads) with the largest deviation seen in this episode. */
  public int worstLead() {
    return worstLead;
  }

  /** Its level in mV (positive: elevation). */
  public double worstLevelMv() {
    return worstLevelMv;
  }

  public int sampleRateHz() {
    return sampleRateHz;
  }
}
