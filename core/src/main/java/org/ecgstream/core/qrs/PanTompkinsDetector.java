package org.ecgstream.core.qrs;

import java.util.function.LongConsumer;

/**
 * Streaming QRS detection after Pan and Tompkins, "A real-time QRS detection algorithm", IEEE TBME
 * 32(3), 1985: band-pass 5-15 Hz, five-point derivative, squaring, 150 ms moving-window
 * integration, adaptive signal and noise peak levels with two thresholds, a 200 ms refractory
 * period, T-wave discrimination by slope within 360 ms of a beat, and search-back for a missed
 * beat when no beat has come for 166% of the recent mean RR interval.
 *
 * <p>The band-pass is a linear-phase FIR (Hamming-windowed sinc), so its delay is exactly known and
 * the R peak is placed on the input's time axis: at the largest band-passed amplitude under the
 * integrator's peak, moved back by the filter delay. Beats are reported about 0.35 s after they
 * occur (filter delay plus the refractory wait that confirms a peak), later when found by
 * search-back. No allocation per sample.
 *
 * <p>Two departures from the paper keep a lead from going blind after artifacts or heavy noise (a
 * false asystole; docs/benchmarks.md, "Signal quality"): a beat's peak counts at most
 * {@link #OUTLIER_FACTOR} times the signal level towards it, and RR intervals longer than
 * {@link #LONGEST_RR_SECONDS} stay out of the mean RR that times search-back.
 */
public final class PanTompkinsDetector implements QrsDetector {

  private static final double LOW_CUT_HZ = 5;
  private static final double HIGH_CUT_HZ = 15;
  private static final double FILTER_SECONDS = 0.25;
  private static final double INTEGRATION_SECONDS = 0.150;
  private static final double REFRACTORY_SECONDS = 0.200;
  private static final double T_WAVE_SECONDS = 0.360;
  private static final double LEARNING_SECONDS = 2.0;
  /** The learning period is judged in this many parts, so that one artifact cannot set the levels. */
  private static final int LEARNING_PARTS = 4;
  /**
   * Band-passed signal and slope kept for the R-peak search, which reaches back at most refractory
   * + integration window + 50 ms (0.4 s) from the newest sample; the rings are checkpointed per lead.
   */
  private static final double HISTORY_SECONDS = 0.5;
  private static final int RR_HISTORY = 8;
  /**
   * A beat's peak counts at most this many times the signal level towards the level. An electrode
   * artifact or the step where heavy noise stops (50-165 times a QRS's energy in 118 + NSTDB noise) would
   * otherwise raise the threshold above every QRS, and only search-back, at half the threshold, could
   * bring it down again: the lead stays blind for seconds or for good (a false asystole). Real
   * complexes that grow, such as ectopic beats or a new electrode position, are still followed.
   */
  private static final double OUTLIER_FACTOR = 8;
  /** RR intervals above this (20 bpm) are left out of the mean RR that times search-back. */
  private static final double LONGEST_RR_SECONDS = 3.0;

  private final int sampleRateHz;
  /** Derived from the sample rate alone: not checkpointed, made again after a restore. */
  private transient float[] taps;
  private final int tapCount;
  private final int filterDelay;
  private final int integrationWindow;
  private final int refractory;
  private final int tWaveWindow;
  private final int learningSamples;

  // Input and intermediate signals, as rings indexed by absolute sample number. The input ring is
  // kept twice over (each sample at p and p + taps), so that the filter reads one contiguous run of
  // it without a modulo per tap: the filter is most of the detector's work.
  private final float[] input;
  private final int history;
  private final float[] bandPassed;
  private final float[] slope;
  private final float[] energy;
  private double energySum;
  private long n;

  // Peak finding on the integrated signal.
  private double previousIntegrated;
  private double candidateValue;
  private long candidateIndex = -1;

  // Adaptive levels.
  private double signalLevel;
  private double noiseLevel;
  // Peak and sum of the integrated signal per part of the last learning period, kept as a ring so
  // that the levels can be learned again from the latest period while no beat was ever found.
  private final double[] partMax = new double[LEARNING_PARTS];
  private final double[] partSum = new double[LEARNING_PARTS];
  private long partIndex = -1;

  // The last beat and the RR intervals before it.
  private long lastBeatPeak = Long.MIN_VALUE / 4;
  private long lastBeatR = Long.MIN_VALUE / 4;
  private double lastBeatSlope;
  private final long[] rr = new long[RR_HISTORY];
  private int rrCount;

  // Best peak between the thresholds since the last beat, for search-back.
  private double searchBackValue;
  private long searchBackPeak = -1;
  private long searchBackR;
  private double searchBackSlope;

  public PanTompkinsDetector(int sampleRateHz) {
    if (sampleRateHz < 2.5 * HIGH_CUT_HZ || sampleRateHz > 10_000) {
      throw new IllegalArgumentException("sample rate must be 40..10000 Hz for a 5-15 Hz band-pass, got " + sampleRateHz);
    }
    this.sampleRateHz = sampleRateHz;
    int length = (int) Math.round(FILTER_SECONDS * sampleRateHz) | 1;
    this.tapCount = length;
    this.taps = taps();
    this.filterDelay = (length - 1) / 2;
    this.integrationWindow = Math.max(1, (int) Math.round(INTEGRATION_SECONDS * sampleRateHz));
    this.refractory = (int) Math.round(REFRACTORY_SECONDS * sampleRateHz);
    this.tWaveWindow = (int) Math.round(T_WAVE_SECONDS * sampleRateHz);
    this.learningSamples = (int) Math.round(LEARNING_SECONDS * sampleRateHz);
    this.history = Math.max(length, (int) Math.round(HISTORY_SECONDS * sampleRateHz));
    this.input = new float[2 * length];
    this.bandPassed = new float[history];
    this.slope = new float[history];
    this.energy = new float[integrationWindow];
  }

  @Override
  public int sampleRateHz() {
    return sampleRateHz;
  }

  @Override
  public void accept(float[] millivolts, LongConsumer onBeat) {
    for (float x : millivolts) {
      step(Float.isNaN(x) ? 0f : x, onBeat);
    }
  }

  private void step(float x, LongConsumer onBeat) {
    long i = n++;
    float[] taps = taps();
    int length = tapCount;
    int p = (int) (i % length);
    input[p] = x;
    input[p + length] = x;

    // Band-pass (FIR): output at i describes input time i - filterDelay. Input time i - k is at
    // p + length - k; before the first sample the ring holds zeros, which add nothing. The taps are
    // symmetric (linear phase), so samples k and length - 1 - k share one multiplication, and four
    // running sums let the additions overlap instead of each waiting for the last.
    int newest = p + length;
    int oldest = p + 1;
    int half = length / 2;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < half; k += 4) {
      s0 += taps[k] * ((double) input[newest - k] + input[oldest + k]);
      s1 += taps[k + 1] * ((double) input[newest - k - 1] + input[oldest + k + 1]);
      s2 += taps[k + 2] * ((double) input[newest - k - 2] + input[oldest + k + 2]);
      s3 += taps[k + 3] * ((double) input[newest - k - 3] + input[oldest + k + 3]);
    }
    for (; k < half; k++) {
      s0 += taps[k] * ((double) input[newest - k] + input[oldest + k]);
    }
    double bp = (s0 + s1) + (s2 + s3) + (double) taps[half] * input[newest - half];
    int h = (int) (i % history);
    bandPassed[h] = (float) bp;

    // Five-point derivative, then squaring and moving-window integration.
    double d = (2 * bp + at(bandPassed, i - 1) - at(bandPassed, i - 3) - 2 * at(bandPassed, i - 4)) * sampleRateHz / 8.0;
    slope[h] = (float) Math.abs(d);
    double e = d * d;
    int w = (int) (i % integrationWindow);
    energySum += e - energy[w];
    energy[w] = (float) e;
    double integrated = Math.max(0, energySum) / integrationWindow;

    // Parts are only tracked while levels may still be learned (no RR interval yet), off the hot path after.
    boolean learningDone = rrCount == 0 && trackLearningParts(i, integrated);
    if (i < learningSamples) {
      if (learningDone) {
        learnLevels();
      }
      previousIntegrated = integrated;
      return;
    }
    if (learningDone) {
      // No beat ever found: the first levels came from an artifact, or the signal started later.
      learnLevels();
    }

    // A candidate peak is a local maximum of the integrated signal that nothing higher follows
    // within the refractory period.
    if (integrated > candidateValue && (candidateIndex >= 0 || integrated > previousIntegrated)) {
      candidateValue = integrated;
      candidateIndex = i;
    } else if (candidateIndex >= 0 && i - candidateIndex >= refractory) {
      classify(candidateIndex, candidateValue, onBeat);
      candidateValue = 0;
      candidateIndex = -1;
    }
    previousIntegrated = integrated;

    if (searchBackPeak >= 0 && rrCount > 0 && i - lastBeatPeak > 1.66 * meanRr()) {
      acceptBeat(searchBackPeak, searchBackR, searchBackSlope, onBeat);
      signalLevel = 0.25 * searchBackValue + 0.75 * signalLevel;
    }
  }

  /** Adds one integrated sample to its learning part; true when it completes a whole learning period. */
  private boolean trackLearningParts(long i, double integrated) {
    long part = i * LEARNING_PARTS / learningSamples;
    int slot = (int) (part % LEARNING_PARTS);
    if (part != partIndex) {
      partIndex = part;
      partMax[slot] = 0;
      partSum[slot] = 0;
    }
    partMax[slot] = Math.max(partMax[slot], integrated);
    partSum[slot] += integrated;
    return (i + 1) % learningSamples == 0;
  }

  /**
   * Signal level from the second-largest part's peak, not the largest: an electrode artifact (several
   * times a QRS's amplitude, sixteen-fold and more in energy) would otherwise set a threshold no QRS
   * reaches; with no beat ever accepted the levels never adapt and the lead stays blind (29 of the
   * 2,000 CinC 2017 recordings here, each a false asystole on a single-lead monitor). Learning again
   * is only done while no beat was ever found, never after: a heart that stops must not teach the
   * detector to take noise for beats.
   */
  private void learnLevels() {
    double[] peaks = partMax.clone();
    java.util.Arrays.sort(peaks);
    double sum = 0;
    for (double v : partSum) {
      sum += v;
    }
    signalLevel = 0.25 * peaks[LEARNING_PARTS - 2];
    noiseLevel = 0.5 * sum / learningSamples;
  }

  private void classify(long peak, double value, LongConsumer onBeat) {
    double threshold = noiseLevel + 0.25 * (signalLevel - noiseLevel);
    // The QRS lies under the rising edge of the integrator: search the band-passed signal there.
    long searchEnd = peak - 2;
    long searchStart = Math.max(0, searchEnd - integrationWindow - sampleRateHz / 20);
    long rAt = searchEnd;
    double maxSlope = 0;
    float best = -1;
    for (long j = Math.max(searchStart, n - history); j <= searchEnd; j++) {
      float a = Math.abs(at(bandPassed, j));
      if (a > best) {
        best = a;
        rAt = j;
      }
      maxSlope = Math.max(maxSlope, at(slope, j));
    }
    long r = Math.max(0, rAt - filterDelay);

    boolean tooClose = peak - lastBeatPeak <= refractory;
    boolean tWave = peak - lastBeatPeak < tWaveWindow && maxSlope < 0.5 * lastBeatSlope;
    if (value > threshold && !tooClose && !tWave) {
      signalLevel = 0.125 * Math.min(value, OUTLIER_FACTOR * signalLevel) + 0.875 * signalLevel;
      acceptBeat(peak, r, maxSlope, onBeat);
    } else {
      noiseLevel = 0.125 * value + 0.875 * noiseLevel;
      if (!tooClose && !tWave && value > 0.5 * threshold && value > searchBackValue) {
        searchBackValue = value;
        searchBackPeak = peak;
        searchBackR = r;
        searchBackSlope = maxSlope;
      }
    }
  }

  private void acceptBeat(long peak, long r, double beatSlope, LongConsumer onBeat) {
    // An interval longer than LONGEST_RR_SECONDS spans a stretch with no beat found (asystole, VF, a
    // blind detector, a gap): in the mean it would hold search-back off for 1.66 times the mean for
    // the next eight beats, just when levels left over from before need it most. The first interval
    // always counts: search-back needs one.
    if ((lastBeatR > 0 || lastBeatPeak > 0) && (rrCount == 0 || peak - lastBeatPeak <= LONGEST_RR_SECONDS * sampleRateHz)) {
      rr[rrCount % RR_HISTORY] = peak - lastBeatPeak;
      rrCount++;
    }
    lastBeatPeak = peak;
    lastBeatSlope = beatSlope;
    lastBeatR = r;
    searchBackPeak = -1;
    searchBackValue = 0;
    onBeat.accept(r);
  }

  private double meanRr() {
    int count = Math.min(rrCount, RR_HISTORY);
    long sum = 0;
    for (int k = 0; k < count; k++) {
      sum += rr[k];
    }
    return (double) sum / count;
  }

  private float at(float[] ring, long index) {
    return index < 0 || index <= n - 1 - ring.length ? 0f : ring[(int) (index % ring.length)];
  }

  private float[] taps() {
    if (taps == null) {
      taps = bandPassTaps(tapCount, LOW_CUT_HZ / sampleRateHz, HIGH_CUT_HZ / sampleRateHz);
    }
    return taps;
  }

  /** Hamming-windowed sinc band-pass with cut-offs given as fractions of the sample rate. */
  static float[] bandPassTaps(int length, double low, double high) {
    float[] h = new float[length];
    int m = (length - 1) / 2;
    for (int k = 0; k < length; k++) {
      int t = k - m;
      double ideal = t == 0 ? 2 * (high - low) : (Math.sin(2 * Math.PI * high * t) - Math.sin(2 * Math.PI * low * t)) / (Math.PI * t);
      double window = 0.54 - 0.46 * Math.cos(2 * Math.PI * k / (length - 1));
      h[k] = (float) (ideal * window);
    }
    // Exactly symmetric, as the filter's folded sum assumes (the cosine of the window rounds
    // differently at k and length - 1 - k).
    for (int k = 0; k < length / 2; k++) {
      h[length - 1 - k] = h[k];
    }
    return h;
  }
}
