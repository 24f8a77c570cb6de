package org.ecgstream.simulators.twelvelead;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulates 12-lead ECG recordings from one cardiac source: a heart vector built from Gaussian
 * P, Q, R, S and T waves in x, y and z (after McSharry et al., IEEE TBME 50(3), 2003) projected
 * onto I, II and V1..V6 with the inverse Dower transform (Dower et al., 1980); III, aVR, aVL and aVF
 * follow Einthoven's and Goldberger's relations exactly. Each recording draws its own patient
 * (rate, variability, amplitudes, widths, axis, respiration) from the simulator's seeded generator,
 * so a simulator with the same seed and the same calls produces the same recordings.
 */
public final class TwelveLeadSimulator {

  /** Seconds simulated before the recording starts, so its first samples contain the tail of earlier beats. */
  private static final double LEAD_IN_SECONDS = 2.0;

  private final int sampleRateHz;
  private final Random random;

  public TwelveLeadSimulator(int sampleRateHz, long seed) {
    if (sampleRateHz < 100 || sampleRateHz > 10_000) {
      throw new IllegalArgumentException("sample rate must be 100..10000 Hz (e.g. 100, 250, 300, 360, 500, 1000), got " + sampleRateHz);
    }
    this.sampleRateHz = sampleRateHz;
    this.random = new Random(seed);
  }

  public int sampleRateHz() {
    return sampleRateHz;
  }

  /** A recording of {@code seconds} of the scenario, in millivolts, with its ground truth. */
  public Recording simulate(Scenario scenario, double seconds) {
    if (!(seconds > 0 && seconds <= 3600)) {
      throw new IllegalArgumentException("duration must be in (0, 3600] seconds, got " + seconds);
    }
    int n = (int) Math.round(seconds * sampleRateHz);
    Random patient = new Random(random.nextLong());
    HeartModel heart = new HeartModel(scenario, patient);
    double respirationHz = 0.15 + 0.2 * patient.nextDouble();
    double respirationModulation = 0.03 + 0.07 * patient.nextDouble();
    double respirationPhase = 2 * Math.PI * patient.nextDouble();
    BeatSchedule schedule = new RhythmScheduler(scenario, patient, heart.prSeconds(), respirationHz)
        .schedule(-LEAD_IN_SECONDS, seconds + 1);

    double[][] leads = new double[DowerLeadVectors.INDEPENDENT][n];
    for (BeatSchedule.AtrialEvent p : schedule.atrial()) {
      for (HeartVectorWave w : p.ectopic() ? heart.ectopicP() : heart.sinusP()) {
        draw(leads, w.shifted(p.seconds()));
      }
    }
    List<Beat> beats = new ArrayList<>();
    for (BeatSchedule.VentricularEvent v : schedule.ventricular()) {
      BeatMorphology morphology = switch (v.type()) {
        case PREMATURE_VENTRICULAR -> heart.premature();
        case VENTRICULAR_ESCAPE -> heart.ventricularEscape();
        default -> heart.conducted();
      };
      double breathing = 1 + respirationModulation * Math.sin(2 * Math.PI * respirationHz * v.seconds() + respirationPhase);
      for (HeartVectorWave w : morphology.wavesFor(v.precedingRrSeconds(), breathing)) {
        draw(leads, w.shifted(v.seconds()));
      }
      long sample = Math.round(v.seconds() * sampleRateHz);
      if (sample >= 0 && sample < n) {
        beats.add(new Beat(sample, v.seconds(), v.type()));
      }
    }
    if (scenario.rhythm() == Finding.ATRIAL_FIBRILLATION) {
      AtrialActivity.addFibrillation(leads, sampleRateHz, patient);
    } else if (scenario.rhythm() == Finding.ATRIAL_FLUTTER) {
      AtrialActivity.addFlutter(leads, sampleRateHz, schedule, 0, patient);
    }
    if (scenario.artifacts().noiseScale() > 0 || scenario.artifacts().mainsHz() > 0) {
      ElectrodeArtifacts.add(leads, sampleRateHz, scenario.artifacts(), respirationHz, patient);
    }

    List<Double> pWaves = schedule.atrial().stream()
        .map(BeatSchedule.AtrialEvent::seconds)
        .filter(t -> t >= 0 && t < seconds)
        .toList();
    boolean organisedP = !pWaves.isEmpty();
    GroundTruth truth = new GroundTruth(
        List.copyOf(scenario.findings()),
        beats,
        pWaves,
        meanRateBpm(beats),
        heart.axisDegrees(),
        scenario.stTerritory(),
        organisedP && scenario.rhythm() != Finding.THIRD_DEGREE_AV_BLOCK ? heart.prSeconds() : 0,
        schedule.flutterRatio());
    return new Recording(sampleRateHz, LeadSet.twelveFrom(leads), truth);
  }

  /** Adds one wave, projected onto the independent leads, over the samples where it is not negligible. */
  private void draw(double[][] leads, HeartVectorWave wave) {
    int n = leads[0].length;
    int from = Math.max(0, (int) Math.floor(wave.startSeconds() * sampleRateHz));
    int to = Math.min(n - 1, (int) Math.ceil(wave.endSeconds() * sampleRateHz));
    if (from > to) {
      return;
    }
    double[] gains = DowerLeadVectors.project(wave.amplitudeMv());
    for (int k = from; k <= to; k++) {
      double s = wave.shape((double) k / sampleRateHz);
      for (int lead = 0; lead < gains.length; lead++) {
        leads[lead][k] += s * gains[lead];
      }
    }
  }

  private static double meanRateBpm(List<Beat> beats) {
    if (beats.size() < 2) {
      return 0;
    }
    double span = beats.get(beats.size() - 1).rPeakSeconds() - beats.get(0).rPeakSeconds();
    return 60 * (beats.size() - 1) / span;
  }
}
