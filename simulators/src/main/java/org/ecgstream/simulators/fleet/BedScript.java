package org.ecgstream.simulators.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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

  /** From {@code atMillis} after the start on, the heart rate is {@code bpm}. */
  public record RateChange(long atMillis, double bpm) {}

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
    double bpm = rateChanges.get(0).bpm();
    for (RateChange change : rateChanges) {
      if (change.atMillis() <= offsetMillis) {
        bpm = change.bpm();
      }
    }
    return bpm;
  }
}
