package org.ecgstream.core.quality;

import java.util.function.LongConsumer;
import org.ecgstream.core.qrs.QrsDetector;

/**
 * A second, differently built QRS detector, there to be compared with {@code PanTompkinsDetector}
 * on the same lead (the bSQI of Li, Mark and Clifford, Physiol. Meas. 29, 2008, who compare two
 * detectors of unlike design): where both find the same beats the lead is clean, where they
 * disagree it is noisy.
 *
 * <p>Instead of Pan-Tompkins' 5-15 Hz band-pass, derivative, squaring and 150 ms integration it
 * takes the magnitude of a Haar wavelet at the QRS scale (the mean of the last 40 ms less the mean
 * of the 40 ms before: a band-pass with its peak near 10 Hz that ignores baseline and most muscle
 * noise), a peak that stays the largest for 200 ms, a threshold of 35% of the recent beats' peaks
 * that halves every second once no beat has come for 1.5 RR intervals, and no search-back. Beats
 * are reported about 0.25 s after they occur. No allocation per sample.
 *
 * <p>Not thread-safe: one instance per lead.
 */
public final class HaarQrsDetector implements QrsDetector {

  private static final double SCALE_SECONDS = 0.040;
  private static final double REFRACTORY_SECONDS = 0.200;
  private static final double LEARNING_SECONDS = 2.0;
  private static final double THRESHOLD_SHARE = 0.35;
  private static final double DECAY_AFTER_RR = 1.5;
  /** A peak this soon after a beat is a T wave unless its slope is at least half the beat's. */
  private static final double T_WAVE_SECONDS = 0.360;
  private static final double T_WAVE_SHARE = 0.5;

  private final int sampleRateHz;
  private final int scale;
  private final int refractory;
  private final int learning;
  private final int tWave;
  private final float[] ring;
  private double recentSum;
  private double olderSum;
  private long n;

  private double candidate;
  private long candidateIndex = -1;
  private double peakLevel;
  private long lastBeat = Long.MIN_VALUE / 4;
  private double lastBeatPeak;
  private double meanRr;

  public HaarQrsDetector(int sampleRateHz) {
    if (sampleRateHz < 50 || sampleRateHz > 10_000) {
      throw new IllegalArgumentException("sample rate must be 50..10000 Hz, got " + sampleRateHz);
    }
    this.sampleRateHz = sampleRateHz;
    this.scale = Math.max(2, (int) Math.round(SCALE_SECONDS * sampleRateHz));
    this.refractory = (int) Math.round(REFRACTORY_SECONDS * sampleRateHz);
    this.learning = (int) Math.round(LEARNING_SECONDS * sampleRateHz);
    this.tWave = (int) Math.round(T_WAVE_SECONDS * sampleRateHz);
    this.ring = new float[2 * scale];
    this.meanRr = sampleRateHz;
  }

  @Override
  public int sampleRateHz() {
    return sampleRateHz;
  }

  /** Feeds consecutive samples in mV (NaN counts as 0); reports R peaks (strictly, the steepest QRS slope) to {@code onBeat}. */
  @Override
  public void accept(float[] millivolts, LongConsumer onBeat) {
    for (float v : millivolts) {
      float x = Float.isNaN(v) ? 0 : v;
      int slot = (int) (n % ring.length);
      int middle = (int) ((n + scale) % ring.length);
      // ring[middle] is the sample leaving the recent half for the older half; ring[slot] leaves the older half.
      olderSum += ring[middle] - ring[slot];
      recentSum += x - ring[middle];
      ring[slot] = x;
      double haar = Math.abs(recentSum - olderSum) / scale;
      long i = n++;
      if (i < learning) {
        peakLevel = Math.max(peakLevel, haar);
        continue;
      }
      if (haar > candidate) {
        candidate = haar;
        candidateIndex = i;
      } else if (candidateIndex >= 0 && i - candidateIndex >= refractory) {
        judge(onBeat);
      }
    }
  }

  private void judge(LongConsumer onBeat) {
    long since = candidateIndex - lastBeat;
    double threshold = THRESHOLD_SHARE * peakLevel;
    double overdue = since - DECAY_AFTER_RR * meanRr;
    if (overdue > 0) {
      threshold *= Math.pow(0.5, overdue / sampleRateHz);
    }
    boolean tWaveLike = since < tWave && candidate < T_WAVE_SHARE * lastBeatPeak;
    if (candidate > threshold && since > refractory && !tWaveLike) {
      if (since < 3L * sampleRateHz) {
        meanRr = 0.875 * meanRr + 0.125 * since;
      }
      peakLevel = 0.875 * peakLevel + 0.125 * Math.min(candidate, 3 * peakLevel);
      lastBeat = candidateIndex;
      lastBeatPeak = candidate;
      // The wavelet's window ends at the sample; the slope it measures is one scale earlier.
      onBeat.accept(Math.max(0, candidateIndex - scale));
    }
    candidate = 0;
    candidateIndex = -1;
  }
}
