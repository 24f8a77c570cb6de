package org.ecgstream.simulators.synthetic;

import java.util.List;
import java.util.Random;
import org.ecgstream.schemas.Lead;

/**
 * A synthetic multi-lead ECG: each beat is a sum of Gaussian P, Q, R, S and T waves (after
 * McSharry et al., IEEE TBME 50(3), 2003, without the dynamical model), scaled per lead, at a
 * heart rate that can change at any time, with a little RR variability and sensor noise. The
 * {@link Rhythm} can change too: atrial fibrillation (irregular RR, no P waves, fibrillatory
 * baseline), asystole (noise only), ventricular fibrillation (a wandering 4-6 Hz oscillation) and
 * monomorphic ventricular tachycardia (regular wide QRS, discordant T, no P).
 *
 * <p>It is deterministic for a given seed. It knows the exact time of every R peak it draws, so
 * tests can compare detectors with the truth.
 */
public final class BeatTrainGenerator {

  /** One wave of the beat: centre relative to the R peak, amplitude and width. */
  private record Wave(double centreSeconds, double amplitudeMv, double widthSeconds, boolean scalesWithRr) {}

  private static final List<Wave> WAVES =
      List.of(
          new Wave(-0.20, 0.15, 0.025, false), // P
          new Wave(-0.03, -0.10, 0.010, false), // Q
          new Wave(0.00, 1.20, 0.012, false), // R
          new Wave(0.03, -0.25, 0.012, false), // S
          new Wave(0.30, 0.30, 0.060, true)); // T, later at slow rates (Bazett)

  /** A ventricular beat: no P, a broad R and S (QRS about 160 ms), a broad discordant T. */
  private static final List<Wave> VENTRICULAR_WAVES =
      List.of(
          new Wave(0.00, 1.40, 0.032, false), // broad R
          new Wave(0.075, -0.55, 0.030, false), // broad S
          new Wave(0.26, -0.40, 0.070, true)); // discordant T

  private static final double NOISE_BANDWIDTH_HZ = 40;

  /** How far a beat's waves reach from its R peak; beyond this their contribution is negligible. */
  private static final double BEAT_REACH_SECONDS = 0.7;

  private final int sampleRateHz;
  private final List<Lead> leads;
  private final double[] leadScale;
  private final Random random;
  private final double noiseMv;
  /** Sensor noise per lead, low-passed like a monitor's 40 Hz front end (white noise is not what monitors output). */
  private final double[] noiseState;
  private final double noiseAlpha;
  private final double noiseGain;

  private double heartRateBpm;
  private double stOffsetMv;
  private Rhythm rhythm = Rhythm.SINUS;
  private double vfPhase;
  private double afPhase;
  private long sampleIndex;
  private double previousRSeconds;
  private double nextRSeconds;
  private double previousRrSeconds;
  private double nextRrSeconds;

  public BeatTrainGenerator(int sampleRateHz, List<Lead> leads, double heartRateBpm, long seed) {
    this(sampleRateHz, leads, heartRateBpm, seed, 0.01);
  }

  public BeatTrainGenerator(int sampleRateHz, List<Lead> leads, double heartRateBpm, long seed, double noiseMv) {
    if (sampleRateHz < 100) {
      throw new IllegalArgumentException("sample rate must be at least 100 Hz, got " + sampleRateHz);
    }
    if (leads.isEmpty()) {
      throw new IllegalArgumentException("at least one lead is needed");
    }
    this.sampleRateHz = sampleRateHz;
    this.leads = List.copyOf(leads);
    this.leadScale = this.leads.stream().mapToDouble(BeatTrainGenerator::scaleOf).toArray();
    this.random = new Random(seed);
    this.noiseMv = noiseMv;
    this.noiseState = new double[this.leads.size()];
    this.noiseAlpha = Math.exp(-2 * Math.PI * NOISE_BANDWIDTH_HZ / sampleRateHz);
    // Keeps the filtered noise's standard deviation at noiseMv.
    this.noiseGain = Math.sqrt((1 + noiseAlpha) / (1 - noiseAlpha));
    setHeartRate(heartRateBpm);
    this.previousRrSeconds = nextRr();
    this.previousRSeconds = -previousRrSeconds + 0.3; // first R peak 0.3 s into the signal
    this.nextRrSeconds = previousRrSeconds;
    this.nextRSeconds = previousRSeconds + previousRrSeconds;
  }

  /** Changes the rate from the next beat on. */
  public void setHeartRate(double bpm) {
    if (!(bpm >= 10 && bpm <= 350)) {
      throw new IllegalArgumentException("heart rate must be 10..350 bpm, got " + bpm);
    }
    this.heartRateBpm = bpm;
  }

  public double heartRateBpm() {
    return heartRateBpm;
  }

  /**
   * Shifts the ST segment of conducted beats by {@code mv} in lead II (other leads by their
   * projection, so the shift in each lead is {@code mv} times {@link #leadScale}), from the next
   * sample on: positive is elevation, negative depression.
   */
  public void setStOffsetMv(double mv) {
    this.stOffsetMv = mv;
  }

  /** How much of lead II's amplitude {@code lead} shows (its projection of the cardiac axis). */
  public static double leadScale(Lead lead) {
    return scaleOf(lead);
  }

  /** Changes the rhythm from the next sample on. */
  public void setRhythm(Rhythm next) {
    if (next == rhythm) {
      return;
    }
    boolean beating = next.beating();
    boolean wasBeating = rhythm.beating();
    rhythm = next;
    if (beating && !wasBeating) {
      // The heart starts again: the first beat comes within one RR interval from now.
      double now = (double) sampleIndex / sampleRateHz;
      previousRSeconds = now - 1;
      previousRrSeconds = nextRr();
      nextRrSeconds = previousRrSeconds;
      nextRSeconds = now + 0.2;
    }
  }

  public Rhythm rhythm() {
    return rhythm;
  }

  public List<Lead> leads() {
    return leads;
  }

  public int sampleRateHz() {
    return sampleRateHz;
  }

  /**
   * Draws the next {@code count} samples of every lead, in millivolts, into {@code out[lead][i]}, and
   * reports each R peak drawn (as an absolute sample index) to {@code rPeaks} when it is not null.
   */
  public void next(int count, float[][] out, java.util.function.LongConsumer rPeaks) {
    for (int i = 0; i < count; i++) {
      double t = (double) sampleIndex / sampleRateHz;
      if (rhythm == Rhythm.ASYSTOLE || rhythm == Rhythm.VENTRICULAR_FIBRILLATION) {
        double v = rhythm == Rhythm.ASYSTOLE ? 0 : fibrillationValue(t);
        for (int lead = 0; lead < leads.size(); lead++) {
          out[lead][i] = (float) (v * leadScale[lead] + noise(lead));
        }
        sampleIndex++;
        continue;
      }
      while (t >= nextRSeconds) {
        if (rPeaks != null) {
          rPeaks.accept(Math.round(nextRSeconds * sampleRateHz));
        }
        previousRSeconds = nextRSeconds;
        previousRrSeconds = nextRrSeconds;
        nextRrSeconds = nextRr();
        nextRSeconds = previousRSeconds + nextRrSeconds;
      }
      List<Wave> waves = rhythm == Rhythm.VENTRICULAR_TACHYCARDIA ? VENTRICULAR_WAVES : WAVES;
      boolean pWaves = rhythm == Rhythm.SINUS;
      double beat = beatValue(t - previousRSeconds, previousRrSeconds, waves, pWaves)
          + beatValue(t - nextRSeconds, nextRrSeconds, waves, pWaves);
      if (stOffsetMv != 0 && rhythm != Rhythm.VENTRICULAR_TACHYCARDIA) {
        beat += stOffsetMv * (stShape(t - previousRSeconds, previousRrSeconds) + stShape(t - nextRSeconds, nextRrSeconds));
      }
      if (rhythm == Rhythm.ATRIAL_FIBRILLATION) {
        afPhase += 2 * Math.PI * (6 + 0.8 * Math.sin(0.3 * t)) / sampleRateHz;
        beat += 0.05 * Math.sin(afPhase);
      }
      for (int lead = 0; lead < leads.size(); lead++) {
        out[lead][i] = (float) (beat * leadScale[lead] + noise(lead));
      }
      sampleIndex++;
    }
  }

  private double noise(int lead) {
    noiseState[lead] = noiseAlpha * noiseState[lead] + (1 - noiseAlpha) * random.nextGaussian();
    return noiseMv * noiseGain * noiseState[lead];
  }

  private double nextRr() {
    double rr = 60.0 / heartRateBpm;
    if (rhythm == Rhythm.ATRIAL_FIBRILLATION) {
      return rr * (1 + 0.25 * (2 * random.nextDouble() - 1)); // irregularly irregular
    }
    double variability = rhythm == Rhythm.VENTRICULAR_TACHYCARDIA ? 0.01 : 0.02; // VT is very regular
    return rr * (1 + variability * random.nextGaussian());
  }

  /** VF: an oscillation whose frequency wanders over 4-6 Hz and whose amplitude swells and fades. */
  private double fibrillationValue(double t) {
    vfPhase += 2 * Math.PI * (5 + Math.sin(0.7 * t)) / sampleRateHz;
    return (0.45 + 0.25 * Math.sin(0.9 * t)) * Math.sin(vfPhase);
  }

  /**
   * 0..1: the ST segment's share of a beat's ST shift, flat from J + 20 ms to the T wave's upstroke,
   * with smooth 20 ms ramps, ending where the T wave ends (later at slow rates, as T is).
   */
  private static double stShape(double secondsFromR, double rrSeconds) {
    double stretch = Math.sqrt(rrSeconds);
    double riseStart = 0.04;
    double riseEnd = 0.06;
    double fallStart = 0.22 * stretch;
    double fallEnd = 0.40 * stretch;
    if (secondsFromR <= riseStart || secondsFromR >= fallEnd) {
      return 0;
    }
    if (secondsFromR < riseEnd) {
      return smooth((secondsFromR - riseStart) / (riseEnd - riseStart));
    }
    if (secondsFromR <= fallStart) {
      return 1;
    }
    return 1 - smooth((secondsFromR - fallStart) / (fallEnd - fallStart));
  }

  private static double smooth(double x) {
    return x * x * (3 - 2 * x);
  }

  private static double beatValue(double secondsFromR, double rrSeconds, List<Wave> waves, boolean pWave) {
    if (Math.abs(secondsFromR) > BEAT_REACH_SECONDS) {
      return 0;
    }
    double sum = 0;
    double rrScale = Math.sqrt(rrSeconds);
    for (Wave w : waves) {
      if (!pWave && w == WAVES.get(0)) {
        continue;
      }
      double centre = w.scalesWithRr() ? w.centreSeconds() * rrScale : w.centreSeconds();
      double width = w.scalesWithRr() ? w.widthSeconds() * rrScale : w.widthSeconds();
      double z = (secondsFromR - centre) / width;
      sum += w.amplitudeMv() * Math.exp(-0.5 * z * z);
    }
    return sum;
  }

  /** Rough projection of a frontal/horizontal cardiac axis onto each lead. */
  private static double scaleOf(Lead lead) {
    return switch (lead) {
      case I -> 0.6;
      case II -> 1.0;
      case III -> 0.45;
      case AVR -> -0.8;
      case AVL -> 0.1;
      case AVF -> 0.7;
      case V1 -> -0.5;
      case V2 -> 0.4;
      case V3 -> 0.9;
      case V4 -> 1.4;
      case V5 -> 1.2;
      case V6 -> 0.9;
      case UNKNOWN -> 0.5;
    };
  }
}
