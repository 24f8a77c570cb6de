package org.ecgstream.simulators.twelvelead;

import java.util.List;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;

/** A simulated 12-lead recording: {@code millivolts[lead][sample]} in {@link StandardLeads#TWELVE} order, with its truth. */
public record Recording(int sampleRateHz, float[][] millivolts, GroundTruth truth) {

  public List<Lead> leads() {
    return StandardLeads.TWELVE;
  }

  /** The samples of one lead (the array itself, not a copy). */
  public float[] lead(Lead lead) {
    int index = StandardLeads.TWELVE.indexOf(lead);
    if (index < 0) {
      throw new IllegalArgumentException(lead + " is not one of the 12 standard leads");
    }
    return millivolts[index];
  }

  public int sampleCount() {
    return millivolts[0].length;
  }

  public double durationSeconds() {
    return (double) sampleCount() / sampleRateHz;
  }
}
