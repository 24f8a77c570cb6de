package org.ecgstream.core.qrs;

import java.util.function.LongConsumer;

/**
 * A small streaming R-peak detector: squared slope, moving-window integration, adaptive threshold
 * and a refractory period, after Pan and Tompkins (IEEE TBME 32(3), 1985) without the band-pass
 * and search-back stages.
 *
 * <p>Good enough for clean signal and rate limits; it is the walking skeleton's detector. The full
 * Pan-Tompkins detector with search-back and multi-lead fusion replaces it for alarm scoring.
 *
 * <p>Not thread-safe: one instance per patient and lead. Fields are plain so that Flink can keep an
 * instance in keyed state.
 */
public final class SlopeEnergyRPeakDetector implements QrsDetector {

  private static final double INTEGRATION_WINDOW_SECONDS = 0.150;
  private static final double REFRACTORY_SECONDS = 0.250;
  private static final double LEARNING_SECONDS = 2.0;

  private int sampleRateHz;
  private float[] energyRing;
  private int ringPos;
  private double energySum;
  private float previous1;
  private float previous2;
  private long sampleIndex;

  private double candidateMax;
  private long candidateIndex;
  private double signalPeak;
  private double noisePeak;
  private double threshold;
  private double learningMax;
  private long lastBeatIndex = Long.MIN_VALUE / 2;

  /** For Flink's serializers only. */
  public SlopeEnergyRPeakDetector() {}

  public SlopeEnergyRPeakDetector(int sampleRateHz) {
    if (sampleRateHz < 50 || sampleRateHz > 10_000) {
      throw new IllegalArgumentException("sample rate must be 50..10000 Hz, got " + sampleRateHz);
    }
    this.sampleRateHz = sampleRateHz;
    this.energyRing = new float[Math.max(1, (int) Math.round(INTEGRATION_WINDOW_SECONDS * sampleRateHz))];
  }

  @Override
  public int sampleRateHz() {
    return sampleRateHz;
  }

  /** Samples consumed so far; the index the next sample will get. */
  public long samplesSeen() {
    return sampleIndex;
  }

  /**
   * Feeds consecutive samples in millivolts; calls {@code onBeat} with the sample index (counted
   * from the first sample ever fed) of each R peak found. A beat is reported about 0.2 s after it.
   */
  @Override
  public void accept(float[] millivolts, LongConsumer onBeat) {
    int learningSamples = (int) (LEARNING_SECONDS * sampleRateHz);
    long refractory = Math.round(REFRACTORY_SECONDS * sampleRateHz);
    int window = energyRing.length;
    for (float x : millivolts) {
      float slope = x - previous2;
      previous2 = previous1;
      previous1 = x;
      float energy = slope * slope;
      energySum += energy - energyRing[ringPos];
      energyRing[ringPos] = energy;
      ringPos = (ringPos + 1) % window;
      double integrated = Math.max(0, energySum) / window;
      long n = sampleIndex++;

      if (n < learningSamples) {
        learningMax = Math.max(learningMax, integrated);
        if (n == learningSamples - 1) {
          signalPeak = 0.5 * learningMax;
          noisePeak = 0.05 * learningMax;
          threshold = noisePeak + 0.25 * (signalPeak - noisePeak);
        }
        continue;
      }
      if (integrated > candidateMax) {
        candidateMax = integrated;
        candidateIndex = n;
      } else if (candidateMax > 0 && integrated < 0.5 * candidateMax) {
        classifyPeak(refractory, window, onBeat);
      }
    }
  }

  private void classifyPeak(long refractory, int window, LongConsumer onBeat) {
    // The integrator lags the QRS by about half its window.
    long peakIndex = candidateIndex - window / 2;
    if (candidateMax > threshold && peakIndex - lastBeatIndex > refractory) {
      signalPeak = 0.125 * candidateMax + 0.875 * signalPeak;
      lastBeatIndex = peakIndex;
      onBeat.accept(peakIndex);
    } else {
      noisePeak = 0.125 * candidateMax + 0.875 * noisePeak;
    }
    threshold = noisePeak + 0.25 * (signalPeak - noisePeak);
    candidateMax = 0;
  }
}
