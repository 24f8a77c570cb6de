package org.ecgstream.simulators.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * What one simulated bed does over time: a starting heart rate and scripted changes of rate.
 *
 * @param deviceId the device that streams
 * @param patientId the patient the device is bound to by an admission
 * @param bedId the bed, as nurses name it
 * @param rateChanges time offsets from the start of the run and the heart rate from then on; the
 *     first one must be at offset 0
 */
public record BedScript(String deviceId, String patientId, String bedId, List<RateChange> rateChanges) {

  /** From {@code atMillis} after the start on, the rhythm is {@code rhythm} at {@code bpm}. */
  public record RateChange(long atMillis, double bpm, Rhythm rhythm) {
    /** Sinus rhythm at {@code bpm}. */
    public RateChange(long atMillis, double bpm) {
      this(atMillis, bpm, Rhythm.SINUS);
    }
  }

  public BedScript {
    if (rateChanges.isEmpty() || rateChanges.get(0).atMillis() != 0) {
      throw new IllegalArgumentException("bed " + bedId + ": the script must start with a rate at offset 0");
    }
    List<RateChange> sorted = new ArrayList<>(rateChanges);
    sorted.sort(Comparator.comparingLong(RateChange::atMillis));
    rateChanges = List.copyOf(sorted);
  }

  /** A bed at one steady rate. */
  public static BedScript steady(String deviceId, String patientId, String bedId, double bpm) {
    return new BedScript(deviceId, patientId, bedId, List.of(new RateChange(0, bpm)));
  }

  /** The rate in force at {@code offsetMillis} after the start. */
  public double rateAt(long offsetMillis) {
    return changeAt(offsetMillis).bpm();
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
