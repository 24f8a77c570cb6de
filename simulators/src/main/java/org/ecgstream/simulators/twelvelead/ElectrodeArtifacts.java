package org.ecgstream.simulators.twelvelead;

import java.util.Random;

/**
 * Non-cardiac signal at the nine electrodes (RA, LA, LL, V1..V6), added to the leads the way a
 * recorder would see it (I = LA - RA, II = LL - RA, Vi = Ei - Wilson terminal): respiration-linked
 * baseline wander plus slow drift, band-limited muscle noise, and optional mains interference.
 */
final class ElectrodeArtifacts {

  private static final int ELECTRODES = 9;

  private ElectrodeArtifacts() {}

  static void add(double[][] leads, int sampleRateHz, Artifacts artifacts, double respirationHz, Random random) {
    double scale = artifacts.noiseScale();
    int n = leads[0].length;
    double[] electrode = new double[ELECTRODES];
    double[] wanderMv = new double[ELECTRODES];
    double[] drift = new double[ELECTRODES];
    double[] emgState = new double[ELECTRODES];
    double[] emgMv = new double[ELECTRODES];
    double[] mainsMv = new double[ELECTRODES];
    double respPhase = 2 * Math.PI * random.nextDouble();
    double wander = scale * (0.03 + 0.12 * random.nextDouble());
    double muscle = scale * (0.004 + 0.02 * random.nextDouble());
    for (int e = 0; e < ELECTRODES; e++) {
      wanderMv[e] = wander * (0.3 + 0.7 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
      emgMv[e] = muscle * (0.5 + random.nextDouble());
      mainsMv[e] = 0.005 + 0.03 * random.nextDouble();
    }
    boolean mains = artifacts.mainsHz() > 0 && sampleRateHz > 2.5 * artifacts.mainsHz();
    double mainsPhase = 2 * Math.PI * random.nextDouble();
    double dt = 1.0 / sampleRateHz;
    double driftDecay = Math.exp(-dt / 4.0);
    double driftNoise = scale * 0.05 * Math.sqrt(1 - driftDecay * driftDecay);
    double emgAlpha = Math.exp(-2 * Math.PI * Math.min(120, 0.4 * sampleRateHz) * dt);
    double emgGain = Math.sqrt((1 + emgAlpha) / (1 - emgAlpha));
    for (int k = 0; k < n; k++) {
      double t = k * dt;
      double breath = Math.sin(2 * Math.PI * respirationHz * t + respPhase);
      double mainsWave = mains ? Math.sin(2 * Math.PI * artifacts.mainsHz() * t + mainsPhase) : 0;
      for (int e = 0; e < ELECTRODES; e++) {
        drift[e] = driftDecay * drift[e] + driftNoise * random.nextGaussian();
        emgState[e] = emgAlpha * emgState[e] + (1 - emgAlpha) * random.nextGaussian();
        electrode[e] = wanderMv[e] * breath + drift[e] + emgMv[e] * emgGain * emgState[e] + mainsMv[e] * mainsWave;
      }
      double wilson = (electrode[0] + electrode[1] + electrode[2]) / 3;
      leads[0][k] += electrode[1] - electrode[0];
      leads[1][k] += electrode[2] - electrode[0];
      for (int v = 0; v < 6; v++) {
        leads[2 + v][k] += electrode[3 + v] - wilson;
      }
    }
  }
}
