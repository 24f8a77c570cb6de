package org.ecgstream.simulators.synthetic;

import java.util.List;
import java.util.Random;
import org.ecgstream.schemas.Lead;

/**
 * A synthetic multi-lead ECG: each beat is a sum of Gaussian P, Q, R, S and T waves (after
 * McSharry et al., IEEE TBME 50(3), 2003, without the dynamical model), scaled per lead, at a
 * heart rate that can change at any time, with a little RR variability and sensor noise.
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

  /** How far a beat's waves reach from its R peak; beyond this their contribution is negligible. */
  private static final double BEAT_REACH_SECONDS = 0.7;

  private final int sampleRateHz;
  private final List<Lead> leads;
  private final double[] leadScale;
  private final Random random;
  private final double noiseMv;

  private double heartRateBpm;
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
      while (t >= nextRSeconds) {
        if (rPeaks != null) {
          rPeaks.accept(Math.round(nextRSeconds * sampleRateHz));
        }
        previousRSeconds = nextRSeconds;
        previousRrSeconds = nextRrSeconds;
        nextRrSeconds = nextRr();
        nextRSeconds = previousRSeconds + nextRrSeconds;
      }
      double beat = beatValue(t - previousRSeconds, previousRrSeconds) + beatValue(t - nextRSeconds, nextRrSeconds);
      for (int lead = 0; lead < leads.size(); lead++) {
        out[lead][i] = (float) (beat * leadScale[lead] + noiseMv * random.nextGaussian());
      }
      sampleIndex++;
    }
  }

  private double nextRr() {
    double rr = 60.0 / heartRateBpm;
    return rr * (1 + 0.02 * random.nextGaussian()); // ~2% beat-to-beat variability
  }

  private static double beatValue(double secondsFromR, double rrSeconds) {
    if (Math.abs(secondsFromR) > BEAT_REACH_SECONDS) {
      return 0;
    }
    double sum = 0;
    double rrScale = Math.sqrt(rrSeconds);
    for (Wave w : WAVES) {
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
