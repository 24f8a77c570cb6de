package org.ecgstream.core.rhythm;

import java.util.function.LongConsumer;
import org.ecgstream.core.qrs.PanTompkinsDetector;
import org.ecgstream.core.quality.LeadNoiseIndex;
import org.ecgstream.core.qrs.QrsWidthEstimator;

/**
 * Streaming rhythm analysis of one ECG lead: QRS detection (Pan-Tompkins), whether the signal is
 * usable, whether it is asystolic (no QRS for the asystole delay) and whether it shows ventricular
 * fibrillation or flutter (VF-filter leakage low, dominant frequency 2-10 Hz, and no organised
 * QRS rhythm under it, confirmed in 3 of 4 overlapping 4 s windows); the QRS width of its own or
 * another lead's beats ({@link QrsWidthEstimator}); how noisy it is ({@link LeadNoiseIndex}, fed
 * the Pan-Tompkins beats so they are found once).
 *
 * <p>Unusable signal (invalid samples, a flat line) is never called asystole or VF: it is a
 * technical condition for the caller to report as such.
 */
public final class RhythmMonitor {

  /** Beats are reported by the QRS detector up to this long after they happen. */
  private static final double BEAT_REPORT_LAG_SECONDS = 0.5;
  private static final double LEARNING_SECONDS = 2.0;
  private static final int BEAT_HISTORY = 64;
  /**
   * While the latest VF window looks like VF, asystole waits up to this much longer for VF to be
   * confirmed: in VF the QRS detector finds no QRS either, and "asystole" would name the wrong
   * arrest for the second before VF is confirmed. 4 + 3 + 0.5 s stays well inside IEC 60601-2-27's 10 s.
   */
  private static final double VF_HOLD_SECONDS = 3.0;
  /**
   * Below this VF-filter leakage a window is all but a sinusoid: VF or flutter whatever beats the
   * QRS detector thinks it sees in it (at fading amplitude it picks every other wave, regularly).
   */
  private static final double SINUSOIDAL_LEAKAGE = 0.25;
  /**
   * A window whose rhythm changed rate once (sinus into VT) is organised when both sides of the
   * change are: at least {@link #STEP_RUN_BEFORE_INTERVALS} RR intervals before it and
   * {@link #STEP_RUN_AFTER_INTERVALS} after it, each run with a coefficient of variation below
   * {@link #STEP_RUN_RR_CV}. Taken together its intervals vary as much as VF's detections do, and
   * three such windows in a row raised VF at the onset of simulated VT ({@code icu-events}, seed 2).
   * Stricter than the one-run test: with its CV limit (0.2) for each run, VF's detections in CUDB
   * cu01 split into two such runs by chance and its VF alarm dropped out for 3 s; and a single
   * interval before a regular run is also how ventricular
   * flutter starts after a long RR (MIT-BIH 207: allowing it delayed the alarm of the 242.1 s
   * flutter episode by 2 s and interrupted the next one's for 3 s). Allowing a short run after the
   * change (the end of VT) delayed VF onsets in CUDB by 1-2 s and interrupted a flutter episode in
   * 207, so it is not allowed either.
   */
  static final int STEP_RUN_BEFORE_INTERVALS = 2;
  static final int STEP_RUN_AFTER_INTERVALS = 4;
  static final double STEP_RUN_RR_CV = 0.1;

  private final int sampleRateHz;
  private final RhythmSettings settings;
  private final PanTompkinsDetector qrs;
  private final QrsWidthEstimator width;
  private final LeadNoiseIndex noise;

  private final int window;
  private final int baselineWindow;
  private final float[] raw;
  private final float[] centred;
  /** Work space of the VF judgement, not state: transient so that checkpoints do not carry it. */
  private transient float[] scratch;
  /** Work space of the organised-rhythm judgement (RR intervals in s), transient like {@link #scratch}. */
  private transient double[] intervals;
  private double baselineSum;
  private long n;

  private final long[] beats = new long[BEAT_HISTORY];
  private int beatCount;

  private long lastValidChange;
  private float lastValue = Float.NaN;
  private long lastInvalid = Long.MIN_VALUE / 4;

  /** First sample of the current stretch of usable signal: no QRS is expected before it. */
  private long usableSince;
  private boolean wasUsable = true;
  private boolean latestWindowVfLike;

  private final boolean[] vfWindows;
  private int vfWindowCount;
  private boolean fibrillation;
  private double lastLeakage = 1;
  private double lastDominantHz;

  public RhythmMonitor(int sampleRateHz, RhythmSettings settings) {
    this.sampleRateHz = sampleRateHz;
    this.settings = settings;
    this.qrs = new PanTompkinsDetector(sampleRateHz);
    this.width = new QrsWidthEstimator(sampleRateHz);
    this.noise = new LeadNoiseIndex(sampleRateHz);
    this.window = (int) Math.round(settings.vfWindowSeconds() * sampleRateHz);
    this.baselineWindow = sampleRateHz;
    this.raw = new float[baselineWindow];
    this.centred = new float[window];
    this.vfWindows = new boolean[settings.vfWindowsSeen()];
  }

  public int sampleRateHz() {
    return sampleRateHz;
  }

  /** Samples fed so far. */
  public long samples() {
    return n;
  }

  /** Feeds consecutive samples in mV (NaN = invalid sample); reports R peaks to {@code onBeat}. */
  public void accept(float[] millivolts, LongConsumer onBeat) {
    long blockStart = n;
    width.accept(millivolts);
    qrs.accept(millivolts, beat -> {
      beats[beatCount % BEAT_HISTORY] = beat;
      beatCount++;
      noise.referenceBeat(beat);
      onBeat.accept(beat);
    });
    noise.accept(millivolts);
    for (int k = 0; k < millivolts.length; k++) {
      long i = blockStart + k;
      float x = millivolts[k];
      if (Float.isNaN(x)) {
        lastInvalid = i;
        x = 0;
      } else if (x != lastValue) {
        lastValidChange = i;
        lastValue = x;
      }
      int r = (int) (i % baselineWindow);
      baselineSum += x - raw[r];
      raw[r] = x;
      centred[(int) (i % window)] = (float) (x - baselineSum / Math.min(i + 1, baselineWindow));
      n = i + 1;
      if (n >= window && n % sampleRateHz == 0) {
        judgeVfWindow();
      }
    }
    boolean nowUsable = usable();
    if (nowUsable && !wasUsable) {
      usableSince = n;
    }
    wasUsable = nowUsable;
  }

  /** False while invalid samples or a flat line make the signal meaningless. */
  public boolean usable() {
    long flat = Math.round(settings.flatLineSeconds() * sampleRateHz);
    return n - lastInvalid > sampleRateHz && n - lastValidChange < flat;
  }

  /** Why the signal is not usable, or null when it is. */
  public String unusableReason() {
    if (n - lastInvalid <= sampleRateHz) {
      return "invalid samples (lead off or signal gap)";
    }
    if (n - lastValidChange >= Math.round(settings.flatLineSeconds() * sampleRateHz)) {
      return "flat line (electrode off or amplifier saturated)";
    }
    return null;
  }

  /**
   * This lead's noise index: information only. Nothing in the rhythm analysis reads it, so noise
   * never suppresses or delays asystole, VF or VT.
   */
  public LeadNoiseIndex noise() {
    return noise;
  }

  /** The last R peak seen, or -1. */
  public long lastBeat() {
    return beatCount == 0 ? -1 : beats[(beatCount - 1) % BEAT_HISTORY];
  }

  /**
   * QRS width in ms of this lead's complex at {@code sample} (an R peak of this or another lead),
   * NaN when unknown (not yet or no longer buffered, invalid samples) or when the lead is unusable.
   */
  public double qrsWidthMillis(long sample) {
    return usable() ? width.widthMillis(sample) : Double.NaN;
  }

  /** This lead's samples around {@code sample}, see {@link QrsWidthEstimator#copy}; false when unusable or not buffered. */
  public boolean complex(long sample, int beforeSamples, float[] out) {
    return usable() && width.copy(sample, beforeSamples, out);
  }

  /** Whether this lead detected a beat strictly between {@code from} and {@code to}, as far as its history reaches. */
  public boolean beatBetween(long from, long to) {
    for (int k = Math.max(0, beatCount - BEAT_HISTORY); k < beatCount; k++) {
      long b = beats[k % BEAT_HISTORY];
      if (b > from && b < to) {
        return true;
      }
    }
    return false;
  }

  /**
   * No QRS for the asystole delay on a usable signal, judged as far as beats can be known yet.
   * The delay counts from the last QRS, or from when the signal became usable (start, or the end
   * of a lead-off or gap: no QRS could be seen while it was unusable), whichever is later.
   */
  public boolean asystole() {
    if (!usable() || fibrillation) {
      return false;
    }
    long known = n - Math.round(BEAT_REPORT_LAG_SECONDS * sampleRateHz);
    long since = Math.max(lastBeat(), usableSince + Math.round(LEARNING_SECONDS * sampleRateHz));
    long silent = known - since;
    if (latestWindowVfLike && silent < Math.round((settings.asystoleSeconds() + VF_HOLD_SECONDS) * sampleRateHz)) {
      return false;
    }
    return silent >= Math.round(settings.asystoleSeconds() * sampleRateHz);
  }

  /** VF or flutter confirmed on a usable signal. */
  public boolean fibrillation() {
    return fibrillation && usable();
  }

  public double lastLeakage() {
    return lastLeakage;
  }

  public double lastDominantHz() {
    return lastDominantHz;
  }

  private void judgeVfWindow() {
    int start = (int) (n % window);
    if (scratch == null) {
      scratch = new float[window];
    }
    System.arraycopy(centred, start, scratch, 0, window - start);
    System.arraycopy(centred, 0, scratch, window - start, start);
    VfLeakage leak = VfLeakage.of(scratch, 0, window);
    lastLeakage = leak.leakage();
    lastDominantHz = leak.dominantHz(sampleRateHz);
    boolean vfLike = usable()
        && leak.leakage() < settings.vfLeakageBelow()
        && lastDominantHz >= settings.vfMinHz() && lastDominantHz <= settings.vfMaxHz()
        && (leak.leakage() < SINUSOIDAL_LEAKAGE || !organisedRhythm(n - window, n));
    vfWindows[vfWindowCount % vfWindows.length] = vfLike;
    latestWindowVfLike = vfLike;
    vfWindowCount++;
    int flagged = 0;
    for (int k = 0; k < Math.min(vfWindowCount, vfWindows.length); k++) {
      flagged += vfWindows[k] ? 1 : 0;
    }
    // Hysteresis: VF starts when vfWindowsToConfirm of the last vfWindowsSeen windows look like
    // VF and ends only when as many look unlike it, so fine VF whose amplitude fades for a
    // window or two does not end and re-raise the alarm (and leave its waves to the AF detector).
    int unlike = Math.min(vfWindowCount, vfWindows.length) - flagged;
    fibrillation = fibrillation ? unlike < settings.vfWindowsToConfirm() : flagged >= settings.vfWindowsToConfirm();
  }

  /**
   * Regular beats at a plausible rate between {@code from} and {@code to}, or a very regular run
   * changing rate once into another (see {@link #STEP_RUN_RR_CV}): not VF.
   */
  private boolean organisedRhythm(long from, long to) {
    if (intervals == null) {
      intervals = new double[BEAT_HISTORY];
    }
    int count = 0;
    long previous = -1;
    for (int k = Math.max(0, beatCount - BEAT_HISTORY); k < beatCount; k++) {
      long b = beats[k % BEAT_HISTORY];
      if (b < from || b >= to) {
        continue;
      }
      if (previous >= 0) {
        intervals[count++] = (b - previous) / (double) sampleRateHz;
      }
      previous = b;
    }
    if (count < 2) {
      return false;
    }
    if (regular(intervals, 0, count, settings.organisedRrCv())) {
      return true;
    }
    for (int change = STEP_RUN_BEFORE_INTERVALS; change <= count - STEP_RUN_AFTER_INTERVALS; change++) {
      if (regular(intervals, 0, change, STEP_RUN_RR_CV) && regular(intervals, change, count, STEP_RUN_RR_CV)) {
        return true;
      }
    }
    return false;
  }

  /** RR intervals {@code rr[from, to)} (s) at or below the organised rate with a coefficient of variation below {@code maxCv}. */
  private boolean regular(double[] rr, int from, int to, double maxCv) {
    double sum = 0;
    double sumSquares = 0;
    for (int i = from; i < to; i++) {
      sum += rr[i];
      sumSquares += rr[i] * rr[i];
    }
    int count = to - from;
    double mean = sum / count;
    double cv = Math.sqrt(Math.max(0, sumSquares / count - mean * mean)) / mean;
    return 60 / mean <= settings.organisedRateBpm() && cv < maxCv;
  }
}
