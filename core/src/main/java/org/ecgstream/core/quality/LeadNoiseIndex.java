package org.ecgstream.core.quality;

/**
 * A streaming noise index of one ECG lead, judged once a second over the last 10 s, with onset and
 * offset hysteresis.
 *
 * <p>The main measure is the bSQI of Li, Mark and Clifford (Physiol. Meas. 29, 2008; used by Behar
 * et al., IEEE TMI 2013, for ICU false-alarm reduction): the share of beats on which two QRS
 * detectors of unlike design agree (matched within 150 ms, over the union of both detectors'
 * beats). The reference beats are the lead's Pan-Tompkins beats, fed by the caller
 * ({@link #referenceBeat}, so they are computed once); the second detector is
 * {@link HaarQrsDetector}, run here. On clean signal both find the same beats; noise makes each find
 * beats of its own. A second measure guards against electrode motion, whose power sits below 1 Hz
 * with QRS-like transients that both detectors may follow: the share of the power above 0.5 Hz
 * that lies in 0.5-1 Hz.
 *
 * <p>A second is noisy when the agreement is below {@link #AGREEMENT_NOISY_BELOW}, or below
 * {@link #AGREEMENT_DOUBTFUL_BELOW} while the 0.5-1 Hz share is above {@link #BASELINE_SHARE_NOISY_ABOVE};
 * seconds whose window holds fewer than 3 beats of either detector are clean (asystole and a flat
 * line are not noise: the rhythm analysis and lead-off handle them). The lead becomes noisy when 5
 * of the last 10 seconds are, and clean again after 10 clearly clean seconds in a row (agreement at
 * least {@link #AGREEMENT_DOUBTFUL_BELOW} and the 0.5-1 Hz share at most
 * {@link #BASELINE_SHARE_NOISY_ABOVE}). The thresholds
 * were set on MIT-BIH (clean and annotated-noise time) and NSTDB record 118 with electrode motion
 * at 24, 12 and 0 dB ({@code ./ecg score-noise}). Cross-lead beat agreement, kurtosis and template
 * correlation alone were tried before in this project and failed (lost real VT); they are not used.
 *
 * <p>Cost per sample: the Haar detector (a ring update and a comparison), two biquads and two sums;
 * the judgement once a second matches at most two beat rings of 64. No allocation.
 * Not thread-safe: one instance per lead.
 */
public final class LeadNoiseIndex {

  public static final double AGREEMENT_NOISY_BELOW = 0.8;
  public static final double AGREEMENT_DOUBTFUL_BELOW = 0.9;
  public static final double BASELINE_SHARE_NOISY_ABOVE = 0.2;
  /** Seconds of signal each judgement looks at. */
  public static final int WINDOW_SECONDS = 10;
  /** Judgements look this far back, so that both detectors have reported the window's beats (search-back included). */
  static final int LAG_SECONDS = 2;
  static final int NOISY_SECONDS_TO_RAISE = 5;
  static final int CLEAN_SECONDS_TO_END = 10;
  private static final double MATCH_SECONDS = 0.150;
  private static final int MIN_BEATS = 3;
  private static final int BEATS = 64;

  private final int sampleRateHz;
  private final HaarQrsDetector haar;
  private final long[] referenceBeats = new long[BEATS];
  private int referenceCount;
  private final long[] haarBeats = new long[BEATS];
  private int haarCount;

  private final Biquad aboveHalfHz;
  private final Biquad belowOneHz;
  /** Per second: power above 0.5 Hz and in 0.5-1 Hz, a ring of the last judged window and the lag. */
  private final double[] power = new double[WINDOW_SECONDS + LAG_SECONDS + 1];
  private final double[] baselinePower = new double[WINDOW_SECONDS + LAG_SECONDS + 1];
  private long n;

  private final boolean[] noisySeconds = new boolean[WINDOW_SECONDS];
  private int judged;
  private int cleanRun;
  private boolean noisy;
  private double beatAgreement = 1;
  private double baselineShare;
  /** No window starting before this sample is judged (see {@link #restart}). */
  private long judgeFrom;

  public LeadNoiseIndex(int sampleRateHz) {
    this.sampleRateHz = sampleRateHz;
    this.haar = new HaarQrsDetector(sampleRateHz);
    this.aboveHalfHz = Biquad.highPass(0.5, sampleRateHz);
    this.belowOneHz = Biquad.lowPass(1.0, sampleRateHz);
  }

  /** A beat of the reference detector (Pan-Tompkins) on this lead; beats come in increasing order. */
  public void referenceBeat(long sample) {
    referenceBeats[referenceCount++ % BEATS] = sample;
  }

  /** Feeds the lead's next samples in mV (NaN: invalid, taken as 0), the same ones the reference detector saw. */
  public void accept(float[] millivolts) {
    haar.accept(millivolts, beat -> haarBeats[haarCount++ % BEATS] = beat);
    for (float v : millivolts) {
      double x = Float.isNaN(v) ? 0 : v;
      double above = aboveHalfHz.filter(x);
      double baseline = belowOneHz.filter(above);
      int second = (int) ((n / sampleRateHz) % power.length);
      power[second] += above * above;
      baselinePower[second] += baseline * baseline;
      n++;
      if (n % sampleRateHz == 0) {
        if (n - (long) (WINDOW_SECONDS + LAG_SECONDS) * sampleRateHz >= judgeFrom) {
          judge();
        }
        int next = (int) ((n / sampleRateHz) % power.length);
        power[next] = 0;
        baselinePower[next] = 0;
      }
    }
  }

  /**
   * Forgets the judgements so far and judges no window that reaches back before now: for signal
   * the index does not apply to (VF has no QRS complexes for two detectors to agree on), so that
   * none of it counts once that signal is over.
   */
  public void restart() {
    noisy = false;
    judged = 0;
    cleanRun = 0;
    beatAgreement = 1;
    baselineShare = 0;
    judgeFrom = n;
  }

  /** Whether the lead is noisy now (with hysteresis). */
  public boolean noisy() {
    return noisy;
  }

  /** The bSQI of the last judged window: matched beats over all beats of both detectors (1 when there were too few). */
  public double beatAgreement() {
    return beatAgreement;
  }

  /** Share of the last judged window's power above 0.5 Hz that lies in 0.5-1 Hz. */
  public double baselineShare() {
    return baselineShare;
  }

  private void judge() {
    long to = n - (long) LAG_SECONDS * sampleRateHz;
    long from = to - (long) WINDOW_SECONDS * sampleRateHz;
    beatAgreement = agreement(from, to);
    double total = 0;
    double baseline = 0;
    long lastSecond = to / sampleRateHz;
    for (long s = lastSecond - WINDOW_SECONDS; s < lastSecond; s++) {
      total += power[(int) (s % power.length)];
      baseline += baselinePower[(int) (s % power.length)];
    }
    baselineShare = total > 0 ? baseline / total : 0;
    boolean noisySecond = beatAgreement < AGREEMENT_NOISY_BELOW
        || beatAgreement < AGREEMENT_DOUBTFUL_BELOW && baselineShare > BASELINE_SHARE_NOISY_ABOVE;
    // Hysteresis on the value as well as in time: a noisy lead needs seconds that are clearly clean
    // (both detectors agree on 90% of beats, little 0.5-1 Hz power) to end, so that noise hovering
    // around the raise threshold does not end and re-raise the condition.
    boolean clearlyClean = beatAgreement >= AGREEMENT_DOUBTFUL_BELOW && baselineShare <= BASELINE_SHARE_NOISY_ABOVE;
    noisySeconds[judged++ % noisySeconds.length] = noisySecond;
    cleanRun = clearlyClean ? cleanRun + 1 : 0;
    if (!noisy) {
      int count = 0;
      for (int k = 0; k < Math.min(judged, noisySeconds.length); k++) {
        count += noisySeconds[k] ? 1 : 0;
      }
      noisy = count >= NOISY_SECONDS_TO_RAISE;
    } else if (cleanRun >= CLEAN_SECONDS_TO_END) {
      noisy = false;
    }
  }

  /** bSQI over [from, to): beats matched one to one within 150 ms, over the union of both sets. */
  private double agreement(long from, long to) {
    long tolerance = Math.round(MATCH_SECONDS * sampleRateHz);
    int reference = 0;
    int other = 0;
    int matched = 0;
    int j = Math.max(0, haarCount - BEATS);
    for (int k = Math.max(0, referenceCount - BEATS); k < referenceCount; k++) {
      long r = referenceBeats[k % BEATS];
      if (r < from || r >= to) {
        continue;
      }
      reference++;
      while (j < haarCount && haarBeats[j % BEATS] < r - tolerance) {
        j++;
      }
      if (j < haarCount && Math.abs(haarBeats[j % BEATS] - r) <= tolerance) {
        matched++;
        j++;
      }
    }
    for (int k = Math.max(0, haarCount - BEATS); k < haarCount; k++) {
      long h = haarBeats[k % BEATS];
      if (h >= from && h < to) {
        other++;
      }
    }
    if (reference < MIN_BEATS && other < MIN_BEATS) {
      return 1;
    }
    return matched / (double) (reference + other - matched);
  }
}
