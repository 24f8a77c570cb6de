package org.ecgstream.benchmarks;

import java.util.EnumMap;
import java.util.Map;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.synthetic.BeatTrainGenerator;

/** The benchmarks' input: 12-lead simulated sinus rhythm at 72 bpm, 500 Hz, in millivolts. */
final class SimulatedSignal {

  static final int RATE_HZ = 500;

  private SimulatedSignal() {}

  /** {@code seconds} of every lead, {@code [lead][sample]}. */
  static float[][] leads(double seconds) {
    int n = (int) Math.round(seconds * RATE_HZ);
    float[][] out = new float[StandardLeads.TWELVE.size()][n];
    new BeatTrainGenerator(RATE_HZ, StandardLeads.TWELVE, 72, 7).next(n, out, null);
    return out;
  }

  static Map<Lead, float[]> byLead(float[][] leads) {
    Map<Lead, float[]> out = new EnumMap<>(Lead.class);
    for (int l = 0; l < leads.length; l++) {
      out.put(StandardLeads.TWELVE.get(l), leads[l]);
    }
    return out;
  }
}
