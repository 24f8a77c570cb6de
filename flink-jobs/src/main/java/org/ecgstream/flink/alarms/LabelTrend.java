package org.ecgstream.flink.alarms;

import java.io.Serializable;

/**
 * One patient's smoothed score of one model label over consecutive windows (a Flink POJO kept in
 * keyed state): an exponential moving average, a condition that starts when the average has been
 * at or above the threshold on {@code windowsToRaise} consecutive windows and ends when it falls
 * below. Windows after a gap longer than one window restart the average.
 */
public class LabelTrend {

  /** How the score is smoothed and judged. */
  public record Settings(String label, double alpha, double threshold, int windowsToRaise) implements Serializable {
    public Settings {
      if (!(alpha > 0 && alpha <= 1) || !(threshold > 0 && threshold < 1) || windowsToRaise < 1) {
        throw new IllegalArgumentException("label smoothing needs 0 < alpha <= 1, 0 < threshold < 1 and at least"
            + " one window, got alpha " + alpha + ", threshold " + threshold + ", windows " + windowsToRaise);
      }
    }
  }

  /** What one window did to the condition. */
  public enum Change { NONE, STARTED, ENDED }

  public boolean started;
  public double smoothed;
  public int windowsAbove;
  public boolean active;
  public long onsetMillis;
  public long lastWindowEndMillis;
  /**
   * The advisory kind and priority the active condition was raised as (null when not active, and in
   * state from before they were kept): its end must name the same episode even when the version
   * that ends it declares the label differently, or not at all.
   */
  public String raisedKind;
  public String raisedPriority;

  public LabelTrend() {}

  /** Takes the score of the window {@code [startMillis, endMillis)}; windows must come in time order. */
  public Change update(double score, long startMillis, long endMillis, Settings settings) {
    if (started && endMillis <= lastWindowEndMillis) {
      return Change.NONE;
    }
    boolean gap = started && startMillis > lastWindowEndMillis;
    if (!started || gap) {
      smoothed = score;
      windowsAbove = 0;
      started = true;
    } else {
      smoothed = settings.alpha() * score + (1 - settings.alpha()) * smoothed;
    }
    lastWindowEndMillis = endMillis;
    windowsAbove = smoothed >= settings.threshold() ? windowsAbove + 1 : 0;
    if (!active && windowsAbove >= settings.windowsToRaise()) {
      active = true;
      onsetMillis = endMillis;
      return Change.STARTED;
    }
    if (active && smoothed < settings.threshold()) {
      active = false;
      return Change.ENDED;
    }
    return Change.NONE;
  }
}
