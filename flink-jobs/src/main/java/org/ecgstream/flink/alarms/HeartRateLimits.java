package org.ecgstream.flink.alarms;

import java.io.Serializable;
import org.ecgstream.schemas.AlarmLimits;

/**
 * A patient's heart-rate alarm limits in bpm, in four tiers after IEC 60601-2-27: outside
 * [{@code lowBpm}, {@code highBpm}] a MEDIUM priority limit alarm, below {@code extremeLowBpm} or
 * above {@code extremeHighBpm} a HIGH priority extreme bradycardia / tachycardia alarm. A
 * patient's own limits sit in keyed state as this record.
 *
 * @param extremeLowBpm extreme bradycardia below this
 * @param lowBpm heart rate low below this
 * @param highBpm heart rate high above this
 * @param extremeHighBpm extreme tachycardia above this
 */
public record HeartRateLimits(int extremeLowBpm, int lowBpm, int highBpm, int extremeHighBpm) implements Serializable {

  /**
   * Adult defaults: 50 / 120 bpm as on common bedside monitors' adult presets; extreme limits at
   * 40 and 180 bpm, where a rate alone is an emergency whatever the rhythm.
   */
  public static final HeartRateLimits ADULT_DEFAULTS = new HeartRateLimits(40, 50, 120, 180);

  public HeartRateLimits {
    if (!(0 < extremeLowBpm && extremeLowBpm <= lowBpm && lowBpm < highBpm && highBpm <= extremeHighBpm
        && extremeHighBpm <= 350)) {
      throw new IllegalArgumentException(String.format(
          "heart rate limits must satisfy 0 < extreme low (%d) <= low (%d) < high (%d) <= extreme high (%d) <= 350 bpm",
          extremeLowBpm, lowBpm, highBpm, extremeHighBpm));
    }
  }

  /** These limits with the ones an admission sets (its null fields keep these). */
  public HeartRateLimits overriddenBy(AlarmLimits limits) {
    if (limits == null) {
      return this;
    }
    return new HeartRateLimits(
        orElse(limits.getExtremeBradycardiaBpm(), extremeLowBpm),
        orElse(limits.getHeartRateLowBpm(), lowBpm),
        orElse(limits.getHeartRateHighBpm(), highBpm),
        orElse(limits.getExtremeTachycardiaBpm(), extremeHighBpm));
  }

  private static int orElse(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
