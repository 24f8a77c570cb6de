package org.ecgstream.simulators.artifacts;

import java.util.List;
import java.util.SplittableRandom;
import org.ecgstream.schemas.Lead;

/**
 * Adds what the electrodes pick up besides the heart to a bed's leads, the way a recorder sees it:
 * each of the nine electrodes (RA, LA, LL, V1..V6) gets its own sensor noise, respiration-linked
 * wander and scripted artifacts ({@link ArtifactEpisode}), and every lead is the difference its
 * definition says (I = LA - RA, aVR = RA - (LA + LL)/2, Vi = Ei - Wilson's terminal, ...), so
 * Einthoven's and Goldberger's relations still hold. Streaming and deterministic for a seed; the
 * signal does not depend on how it is cut into frames.
 */
public final class ElectrodeSignalMixer {

  private static final int RA = 0;
  private static final int LA = 1;
  private static final int LL = 2;
  private static final int ELECTRODES = 9;
  private static final double SENSOR_BANDWIDTH_HZ = 40;
  private static final double RAMP_MILLIS = 200;
  private static final double MOTION_EVENTS_PER_SECOND = 1.0;
  private static final double MOTION_DECAY_SECONDS = 0.4;

  private final int sampleRateHz;
  private final double[][] leadWeights;
  private final double electrodeNoiseMv;
  private final double respirationWanderMv;
  private final List<ArtifactEpisode> episodes;
  private final SplittableRandom random;
  private final double sensorAlpha;
  private final double sensorGain;
  private final double[] sensorState = new double[ELECTRODES];
  private final double[] electrode = new double[ELECTRODES];
  private final double[] wanderSign = new double[ELECTRODES];
  private final double respirationHz;
  private final double respirationPhase;
  // Per episode, per electrode.
  private final double[][] coupling;
  private final double[][] fastState;
  private final double[][] slowState;
  private final double[] phase;
  private final int[] motionElectrode;
  private long sampleIndex;

  /**
   * @param sensorNoiseMv standard deviation of the sensor noise in lead II (0: none; the beat-train generator adds its own)
   * @param respirationWanderMv peak of the always-present respiration-linked wander in lead II (0: none)
   */
  public ElectrodeSignalMixer(int sampleRateHz, List<Lead> leads, double sensorNoiseMv, double respirationWanderMv,
      List<ArtifactEpisode> episodes, long seed) {
    this.sampleRateHz = sampleRateHz;
    this.leadWeights = leads.stream().map(ElectrodeSignalMixer::weights).toArray(double[][]::new);
    // Lead II is the difference of two electrodes with independent noise: sqrt(2) times one's.
    this.electrodeNoiseMv = sensorNoiseMv / Math.sqrt(2);
    this.respirationWanderMv = respirationWanderMv / 2;
    this.episodes = List.copyOf(episodes);
    this.random = new SplittableRandom(seed);
    this.sensorAlpha = Math.exp(-2 * Math.PI * SENSOR_BANDWIDTH_HZ / sampleRateHz);
    this.sensorGain = Math.sqrt((1 + sensorAlpha) / (1 - sensorAlpha));
    for (int e = 0; e < ELECTRODES; e++) {
      wanderSign[e] = (0.3 + 0.7 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
    }
    this.respirationHz = 0.2 + 0.1 * random.nextDouble();
    this.respirationPhase = 2 * Math.PI * random.nextDouble();
    int n = this.episodes.size();
    this.coupling = new double[n][ELECTRODES];
    this.fastState = new double[n][ELECTRODES];
    this.slowState = new double[n][ELECTRODES];
    this.phase = new double[n];
    this.motionElectrode = new int[n];
    for (int i = 0; i < n; i++) {
      ArtifactKind kind = this.episodes.get(i).kind();
      for (int e = 0; e < ELECTRODES; e++) {
        coupling[i][e] = switch (kind) {
          // Limb muscles (arms, legs) are the big EMG sources.
          case MUSCLE_NOISE -> (e <= LL ? 1.0 : 0.4) * (0.6 + 0.8 * random.nextDouble());
          case MAINS -> 0.2 + random.nextDouble();
          case BASELINE_WANDER -> (0.3 + 0.7 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
          case ELECTRODE_MOTION -> 1.0;
        };
      }
      phase[i] = 2 * Math.PI * random.nextDouble();
      motionElectrode[i] = random.nextInt(ELECTRODES);
    }
  }

  /** Whether the mixer adds nothing (then {@link #add} returns at once). */
  public boolean silent() {
    return electrodeNoiseMv == 0 && respirationWanderMv == 0 && episodes.isEmpty();
  }

  /** The artifact episodes this mixer draws. */
  public List<ArtifactEpisode> episodes() {
    return episodes;
  }

  /** Adds the next {@code count} samples of electrode signal to {@code out[lead][i]} (millivolts). */
  public void add(float[][] out, int count) {
    if (silent()) {
      sampleIndex += count;
      return;
    }
    double dt = 1.0 / sampleRateHz;
    for (int i = 0; i < count; i++) {
      long k = sampleIndex++;
      double t = k * dt;
      double millis = t * 1000;
      double breath = respirationWanderMv == 0 ? 0 : respirationWanderMv * Math.sin(2 * Math.PI * respirationHz * t + respirationPhase);
      for (int e = 0; e < ELECTRODES; e++) {
        double v = breath * wanderSign[e];
        if (electrodeNoiseMv > 0) {
          sensorState[e] = sensorAlpha * sensorState[e] + (1 - sensorAlpha) * random.nextGaussian();
          v += electrodeNoiseMv * sensorGain * sensorState[e];
        }
        electrode[e] = v;
      }
      for (int a = 0; a < episodes.size(); a++) {
        ArtifactEpisode episode = episodes.get(a);
        if (millis < episode.fromMillis() || millis >= episode.untilMillis()) {
          continue;
        }
        double envelope = Math.min(1, Math.min(millis - episode.fromMillis(), episode.untilMillis() - millis) / RAMP_MILLIS);
        addEpisode(a, episode, t, dt, envelope);
      }
      double wilson = (electrode[RA] + electrode[LA] + electrode[LL]) / 3;
      for (int lead = 0; lead < leadWeights.length; lead++) {
        double[] w = leadWeights[lead];
        double v = w[RA] * electrode[RA] + w[LA] * electrode[LA] + w[LL] * electrode[LL];
        if (w.length > ELECTRODES) {
          v += electrode[(int) w[ELECTRODES]] - wilson;
        }
        out[lead][i] += (float) v;
      }
    }
  }

  private void addEpisode(int a, ArtifactEpisode episode, double t, double dt, double envelope) {
    double amplitude = episode.amplitudeMv() * envelope;
    switch (episode.kind()) {
      case MUSCLE_NOISE -> {
        // Band-pass 20-150 Hz: a fast low-pass minus a slow one, scaled to about unit RMS.
        double fastAlpha = Math.exp(-2 * Math.PI * Math.min(150, 0.4 * sampleRateHz) * dt);
        double slowAlpha = Math.exp(-2 * Math.PI * 20 * dt);
        double gain = Math.sqrt((1 + fastAlpha) / (1 - fastAlpha));
        for (int e = 0; e < ELECTRODES; e++) {
          double white = random.nextGaussian();
          fastState[a][e] = fastAlpha * fastState[a][e] + (1 - fastAlpha) * white;
          slowState[a][e] = slowAlpha * slowState[a][e] + (1 - slowAlpha) * fastState[a][e];
          electrode[e] += amplitude / Math.sqrt(2) * coupling[a][e] * gain * (fastState[a][e] - slowState[a][e]);
        }
      }
      case MAINS -> {
        double wave = Math.sin(2 * Math.PI * episode.mainsHz() * t + phase[a]);
        for (int e = 0; e < ELECTRODES; e++) {
          electrode[e] += amplitude * coupling[a][e] * wave;
        }
      }
      case BASELINE_WANDER -> {
        double wave = Math.sin(2 * Math.PI * respirationHz * t + phase[a]);
        double decay = Math.exp(-dt / 4.0);
        for (int e = 0; e < ELECTRODES; e++) {
          slowState[a][e] = decay * slowState[a][e] + 0.3 * Math.sqrt(1 - decay * decay) * random.nextGaussian();
          electrode[e] += amplitude / 2 * (coupling[a][e] * wave + slowState[a][e]);
        }
      }
      case ELECTRODE_MOTION -> {
        // A loose electrode: sudden baseline jumps that settle, plus a little wobble.
        double decay = Math.exp(-dt / MOTION_DECAY_SECONDS);
        int e = motionElectrode[a];
        fastState[a][e] *= decay;
        if (random.nextDouble() < MOTION_EVENTS_PER_SECOND * dt) {
          fastState[a][e] += episode.amplitudeMv() * random.nextGaussian();
        }
        double wobble = 0.15 * Math.sin(2 * Math.PI * 1.3 * t + phase[a]);
        electrode[e] += envelope * (fastState[a][e] + episode.amplitudeMv() * wobble);
      }
    }
  }

  /**
   * Electrode weights of a lead: {RA, LA, LL} and, for a chest lead, its electrode index after them
   * (measured against Wilson's central terminal).
   */
  private static double[] weights(Lead lead) {
    return switch (lead) {
      case I -> new double[] {-1, 1, 0};
      case II, UNKNOWN -> new double[] {-1, 0, 1};
      case III -> new double[] {0, -1, 1};
      case AVR -> new double[] {1, -0.5, -0.5};
      case AVL -> new double[] {-0.5, 1, -0.5};
      case AVF -> new double[] {-0.5, -0.5, 1};
      case V1, V2, V3, V4, V5, V6 -> {
        double[] w = new double[ELECTRODES + 1];
        w[ELECTRODES] = 3 + lead.ordinal() - Lead.V1.ordinal();
        yield w;
      }
    };
  }
}
