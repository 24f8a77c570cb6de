package org.ecgstream.core.rhythm;

/**
 * Streaming ventricular tachycardia detection from a beat series with QRS widths: a run of at
 * least {@link RhythmSettings#vtMinBeats()} consecutive wide-complex beats whose rate, over the RR
 * intervals leading into its last {@code vtMinBeats} beats (the coupling interval of the first
 * ventricular beat included), is above {@link RhythmSettings#vtRateBpm()}. This is the AHA/ACC/ESC
 * definition (three or more consecutive ventricular beats above 100/min) with wide QRS standing in
 * for "ventricular", as in bedside monitors' arrhythmia analysis (IEC 60601-2-27 asks monitors to
 * disclose their VT criteria; these are ours).
 *
 * <p>Wide (ventricular) means all of: a width of at least {@link RhythmSettings#wideQrsMillis()};
 * at least {@link #WIDER_THAN_DOMINANT} times the median width of the patient's last
 * {@link #DOMINANT_BEATS} beats that were not wide (the dominant, usually supraventricular,
 * complex); and a shape unlike the dominant complex's (correlation with the running template of
 * the rhythm lead, {@link DominantTemplate}, below {@link #SAME_SHAPE_CORRELATION}, or unknown).
 * Width alone cannot tell a ventricular complex from an aberrant or noisy supraventricular one of
 * the same width; bedside monitors add template matching for that, and so do we.
 *
 * <p>The first {@link #DOMINANT_MIN_BEATS} beats with a known width are taken as dominant whatever
 * their width, and are judged on the absolute threshold alone: VT present when monitoring starts
 * is alarmed (at its fourth beat, the first with three RR intervals) but then learned as the
 * dominant complex and ended a few beats later, as happens with commercial monitors that learn
 * their QRS template during a ventricular rhythm; a patient with bundle branch block above the
 * rate limit can get one VT alarm while the detector learns.
 *
 * <p>VT ends with the first narrow beat, or when the rate over the last {@code vtMinBeats}
 * intervals falls to the limit or below (a slow wide rhythm is idioventricular, not VT), or when
 * the caller {@link #reset}s it because asystole, VF or unusable signal took over.
 */
public final class VentricularTachycardiaDetector {

  /** What a beat changed. */
  public enum Change { NONE, STARTED, ENDED }

  /** Widths of the last beats that were not wide, the patient's dominant (supraventricular) complex. */
  static final int DOMINANT_BEATS = 16;
  /** Fewer dominant widths than this and only the absolute threshold applies. */
  static final int DOMINANT_MIN_BEATS = 8;
  /**
   * A wide beat must also be this much wider than the dominant complex: it keeps bundle branch
   * block and the aberrant complexes of MIT-BIH 203 from passing as ventricular. With width alone
   * (at 65 ms) the 48 records gave 188 false VT alarms and 38 of 61 episodes; with this, 57 and 25.
   * Chosen over all records, so not a held-out figure.
   */
  static final double WIDER_THAN_DOMINANT = 1.3;
  /**
   * A complex that correlates this well with the dominant template has its shape, so is not
   * ventricular however wide it reads. Chosen with {@link RhythmSettings#wideQrsMillis()} on the
   * even-numbered MIT-BIH records (0.8 lost half the episodes, 0.95 added false alarms); on the
   * odd-numbered records, held out, it took false VT alarms from 27 to 18 and detected episodes
   * from 19 to 17 of 49 (docs/benchmarks.md).
   */
  static final double SAME_SHAPE_CORRELATION = 0.9;

  private final int sampleRateHz;
  private final RhythmSettings settings;
  private final double[] dominant = new double[DOMINANT_BEATS];
  private final double[] sorted = new double[DOMINANT_BEATS];
  private int dominantCount;
  /** RR intervals (samples) leading into the last wide beats of the current run, as a ring. */
  private final long[] runRr;
  private int runBeats;
  private int runIntervals;
  private long lastBeat = -1;
  private boolean tachycardia;
  private double rateBpm;
  private boolean lastWide;

  public VentricularTachycardiaDetector(int sampleRateHz, RhythmSettings settings) {
    this.sampleRateHz = sampleRateHz;
    this.settings = settings;
    this.runRr = new long[settings.vtMinBeats()];
  }

  /** Feeds the next beat and its QRS width (NaN when unknown, counted as not wide), its shape unknown. */
  public Change beat(long sample, double widthMillis) {
    return beat(sample, widthMillis, Double.NaN);
  }

  /**
   * Feeds the next beat, its QRS width (NaN when unknown, counted as not wide) and the correlation
   * of its complex with the dominant template (NaN when unknown, counted as a different shape).
   */
  public Change beat(long sample, double widthMillis, double correlation) {
    boolean learning = dominantCount < DOMINANT_MIN_BEATS;
    boolean wide = widthMillis >= settings.wideQrsMillis()
        && (learning || widthMillis >= WIDER_THAN_DOMINANT * dominantWidth())
        && !(correlation >= SAME_SHAPE_CORRELATION);
    lastWide = wide;
    if (!Double.isNaN(widthMillis) && (learning || !wide)) {
      dominant[dominantCount++ % DOMINANT_BEATS] = widthMillis;
    }
    if (wide) {
      if (lastBeat >= 0) {
        runRr[runIntervals % runRr.length] = sample - lastBeat;
        runIntervals++;
      }
      runBeats++;
    } else {
      runBeats = 0;
      runIntervals = 0;
    }
    lastBeat = sample;
    rateBpm = runRate();
    boolean vt = runBeats >= settings.vtMinBeats() && runIntervals >= runRr.length && rateBpm > settings.vtRateBpm();
    if (vt == tachycardia) {
      return Change.NONE;
    }
    tachycardia = vt;
    return vt ? Change.STARTED : Change.ENDED;
  }

  /** Forgets the current run, as after asystole, VF or lost signal; returns whether VT was on. */
  public boolean reset() {
    boolean was = tachycardia;
    tachycardia = false;
    runBeats = 0;
    runIntervals = 0;
    lastBeat = -1;
    return was;
  }

  /** Whether the last beat was judged wide (ventricular); the others are dominant. */
  public boolean lastWide() {
    return lastWide;
  }

  public boolean tachycardia() {
    return tachycardia;
  }

  /** Consecutive wide beats up to the last beat. */
  public int runBeats() {
    return runBeats;
  }

  /** Rate over the last {@code vtMinBeats} intervals of the current run, or 0 before there are that many. */
  public double rateBpm() {
    return rateBpm;
  }

  /** Median width of the recent dominant beats (the first beats, then those not wide), 0 while there are too few. */
  double dominantWidth() {
    int count = Math.min(dominantCount, DOMINANT_BEATS);
    if (count < DOMINANT_MIN_BEATS) {
      return 0;
    }
    System.arraycopy(dominant, 0, sorted, 0, count);
    java.util.Arrays.sort(sorted, 0, count);
    return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
  }

  private double runRate() {
    if (runIntervals < runRr.length) {
      return 0;
    }
    long sum = 0;
    for (long rr : runRr) {
      sum += rr;
    }
    return 60.0 * sampleRateHz * runRr.length / sum;
  }
}
