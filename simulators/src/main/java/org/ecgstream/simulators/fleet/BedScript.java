package org.ecgstream.simulators.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ecgstream.schemas.AlarmLimits;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * What one simulated bed does over time: a starting rhythm and rate, scripted changes of both,
 * electrode (lead-off) episodes, its sensor noise and the patient's own alarm limits.
 *
 * @param deviceId the device that streams
 * @param patientId the patient the device is bound to by an admission
 * @param bedId the bed, as nurses name it
 * @param rateChanges time offsets from the start of the run and the heart rate from then on; the
 *     first one must be at offset 0
 * @param leadOffs intervals in which every electrode is off: the device flags every lead and sends
 *     a flat signal
 * @param noiseMv standard deviation of the sensor noise in mV (the demo's profile: {@link #DEMO_NOISE_MV})
 * @param limits the admission's alarm limits (null: the job's defaults)
 */
public record BedScript(String deviceId, String patientId, String bedId, List<RateChange> rateChanges,
    List<LeadOff> leadOffs, double noiseMv, AlarmLimits limits) {

  /** Sensor noise of the demo's beds, in mV. */
  public static final double DEMO_NOISE_MV = 0.01;

  /** Every electrode off from {@code fromMillis} (inclusive) to {@code untilMillis} (exclusive) after the start. */
  public record LeadOff(long fromMillis, long untilMillis) {
    public LeadOff {
      if (fromMillis < 0 || untilMillis <= fromMillis) {
        throw new IllegalArgumentException("lead-off interval must satisfy 0 <= from < until, got " + fromMillis + ".." + untilMillis);
      }
    }

    boolean covers(long offsetMillis) {
      return offsetMillis >= fromMillis && offsetMillis < untilMillis;
    }
  }

  /** Rhythm and rate changes only, demo noise, default limits. */
  public BedScript(String deviceId, String patientId, String bedId, List<RateChange> rateChanges) {
    this(deviceId, patientId, bedId, rateChanges, List.of(), DEMO_NOISE_MV, null);
  }

  /**
   * From {@code atMillis} after the start on, the rhythm is {@code rhythm} at {@code bpm}, with the
   * ST segment shifted by {@code stMv} in lead II (0: none; see BeatTrainGenerator#setStOffsetMv).
   */
  public record RateChange(long atMillis, double bpm, Rhythm rhythm, double stMv) {
    /** Sinus rhythm at {@code bpm}. */
    public RateChange(long atMillis, double bpm) {
      this(atMillis, bpm, Rhythm.SINUS, 0);
    }

    /** {@code rhythm} at {@code bpm}, no ST shift. */
    public RateChange(long atMillis, double bpm, Rhythm rhythm) {
      this(atMillis, bpm, rhythm, 0);
    }
  }

  public BedScript {
    if (rateChanges.isEmpty() || rateChanges.get(0).atMillis() != 0) {
      throw new IllegalArgumentException("bed " + bedId + ": the script must start with a rate at offset 0");
    }
    List<RateChange> sorted = new ArrayList<>(rateChanges);
    sorted.sort(Comparator.comparingLong(RateChange::atMillis));
    rateChanges = List.copyOf(sorted);
    leadOffs = List.copyOf(leadOffs);
    if (!(noiseMv >= 0 && noiseMv <= 5)) {
      throw new IllegalArgumentException("bed " + bedId + ": sensor noise must be 0..5 mV, got " + noiseMv);
    }
  }

  /** Whether every electrode is off at {@code offsetMillis} after the start. */
  public boolean leadOffAt(long offsetMillis) {
    return leadOffs.stream().anyMatch(l -> l.covers(offsetMillis));
  }

  /** A bed at one steady rate. */
  public static BedScript steady(String deviceId, String patientId, String bedId, double bpm) {
    return new BedScript(deviceId, patientId, bedId, List.of(new RateChange(0, bpm)));
  }

  /** The rate in force at {@code offsetMillis} after the start. */
  public double rateAt(long offsetMillis) {
    return changeAt(offsetMillis).bpm();
  }

  /** The ST shift (lead II, mV) in force at {@code offsetMillis} after the start. */
  public double stAt(long offsetMillis) {
    return changeAt(offsetMillis).stMv();
  }

  /** The rhythm in force at {@code offsetMillis} after the start. */
  public Rhythm rhythmAt(long offsetMillis) {
    return changeAt(offsetMillis).rhythm();
  }

  private RateChange changeAt(long offsetMillis) {
    RateChange current = rateChanges.get(0);
    for (RateChange change : rateChanges) {
      if (change.atMillis() <= offsetMillis) {
        current = change;
      }
    }
    return current;
  }
}
