package org.ecgstream.simulators.twelvelead;

import java.util.Random;

/**
 * Continuous atrial activity that replaces P waves: fibrillatory f-waves (two wandering sources with
 * dominant frequency 4-9 Hz, frequency and amplitude modulated, anterior-inferior so V1 and the
 * inferior leads show them most) or flutter waves (a sawtooth at the flutter rate, negative in the
 * inferior leads and positive in V1), as heart-vector samples in the independent leads.
 */
final class AtrialActivity {

  private AtrialActivity() {}

  /** Adds f-waves to {@code leads[8][n]} (I, II, V1..V6). */
  static void addFibrillation(double[][] leads, int sampleRateHz, Random random) {
    int n = leads[0].length;
    double dominantHz = 4 + 5 * random.nextDouble();
    double amplitudeMv = 0.03 + 0.12 * random.nextDouble();
    Vector3[] sources = {
      new Vector3(-0.35, 0.55, -0.45).rotateFrontal(Math.toRadians(20 * random.nextGaussian())),
      new Vector3(0.2, 0.5, -0.6).rotateHorizontal(Math.toRadians(25 * random.nextGaussian())),
    };
    double[][] gains = new double[sources.length][];
    double[] frequency = new double[sources.length];
    double[] phase = new double[sources.length];
    double[] fmState = new double[sources.length];
    double[] amState = new double[sources.length];
    double[] weight = {1.0, 0.4 + 0.5 * random.nextDouble()};
    for (int s = 0; s < sources.length; s++) {
      gains[s] = DowerLeadVectors.project(sources[s].times(1 / sources[s].norm()));
      frequency[s] = dominantHz * (s == 0 ? 1 : 0.85 + 0.3 * random.nextDouble());
      phase[s] = 2 * Math.PI * random.nextDouble();
    }
    double dt = 1.0 / sampleRateHz;
    double fmDecay = Math.exp(-dt / 0.5);
    double amDecay = Math.exp(-dt / 0.8);
    double fmNoise = Math.sqrt(1 - fmDecay * fmDecay);
    double amNoise = Math.sqrt(1 - amDecay * amDecay);
    double harmonic = 0.2 + 0.2 * random.nextDouble();
    for (int k = 0; k < n; k++) {
      for (int s = 0; s < sources.length; s++) {
        fmState[s] = fmDecay * fmState[s] + fmNoise * random.nextGaussian();
        amState[s] = amDecay * amState[s] + amNoise * random.nextGaussian();
        double hz = Math.max(3.5, Math.min(10, frequency[s] * (1 + 0.12 * fmState[s])));
        phase[s] += 2 * Math.PI * hz * dt;
        double a = amplitudeMv * weight[s] * Math.max(0.2, 1 + 0.35 * amState[s]);
        double value = a * (Math.sin(phase[s]) + harmonic * Math.sin(2 * phase[s] + 0.6));
        for (int lead = 0; lead < DowerLeadVectors.INDEPENDENT; lead++) {
          leads[lead][k] += value * gains[s][lead];
        }
      }
    }
  }

  /** Adds flutter waves with the schedule's period and phase to {@code leads[8][n]}. */
  static void addFlutter(double[][] leads, int sampleRateHz, BeatSchedule schedule, double startSeconds, Random random) {
    double amplitudeMv = 0.12 + 0.15 * random.nextDouble();
    Vector3 direction = new Vector3(-0.05, -0.8, -0.45).rotateFrontal(Math.toRadians(10 * random.nextGaussian()));
    double[] gains = DowerLeadVectors.project(direction.times(amplitudeMv / direction.norm()));
    double period = schedule.flutterPeriodSeconds();
    double fall = 0.7 + 0.1 * random.nextDouble();
    for (int k = 0; k < leads[0].length; k++) {
      double t = startSeconds + (double) k / sampleRateHz;
      double phase = (t - schedule.flutterOffsetSeconds()) / period;
      phase -= Math.floor(phase);
      // Slow ramp one way for most of the cycle, then a quick smooth return: the sawtooth.
      double value = phase < fall ? 1 - 2 * phase / fall : -Math.cos(Math.PI * (phase - fall) / (1 - fall));
      for (int lead = 0; lead < DowerLeadVectors.INDEPENDENT; lead++) {
        leads[lead][k] += value * gains[lead];
      }
    }
  }
}
