package org.ecgstream.core.scoring;

/**
 * Matches detected beats to reference beats the way ANSI/AAMI EC57 prescribes: a detection within
 * 150 ms of a reference beat matches it, each beat matches at most once, and only beats from the
 * start of the scoring period on count (5 minutes into each MIT-BIH record, the EC57 convention,
 * leaving the detector time to learn).
 */
public final class BeatMatcher {

  /** EC57's match window. */
  public static final double MATCH_WINDOW_SECONDS = 0.150;
  /** EC57 scores MIT-BIH from minute 5 on. */
  public static final double SCORING_START_SECONDS = 300;

  private BeatMatcher() {}

  /**
   * Scores {@code detected} against {@code reference} (both sorted sample indices) from
   * {@code startSample} on.
   */
  public static BeatByBeatScore score(String record, long[] reference, long[] detected, double sampleRateHz, long startSample) {
    return score(record, reference, detected, sampleRateHz, startSample, new long[0][]);
  }

  /**
   * As above, leaving out beats and detections inside {@code excluded} intervals ([from, to]
   * sample pairs): EC57 does not score QRS detection during ventricular flutter or fibrillation,
   * marked in MIT-BIH by the {@code [} and {@code ]} annotations.
   */
  public static BeatByBeatScore score(
      String record, long[] reference, long[] detected, double sampleRateHz, long startSample, long[][] excluded) {
    reference = outside(reference, excluded);
    detected = outside(detected, excluded);
    long window = Math.round(MATCH_WINDOW_SECONDS * sampleRateHz);
    int r = 0;
    int d = 0;
    long tp = 0;
    long fn = 0;
    long fp = 0;
    while (r < reference.length || d < detected.length) {
      if (d >= detected.length || (r < reference.length && reference[r] < detected[d] - window)) {
        if (reference[r] >= startSample) {
          fn++; // no detection near this reference beat
        }
        r++;
      } else if (r >= reference.length || detected[d] < reference[r] - window) {
        if (detected[d] >= startSample) {
          fp++; // no reference beat near this detection
        }
        d++;
      } else {
        // Within the window. If the next detection is closer to this reference beat, this one is extra.
        if (d + 1 < detected.length && Math.abs(detected[d + 1] - reference[r]) < Math.abs(detected[d] - reference[r])) {
          if (detected[d] >= startSample) {
            fp++;
          }
          d++;
          continue;
        }
        if (reference[r] >= startSample) {
          tp++; // a pair whose reference beat precedes the scoring period counts as neither
        }
        r++;
        d++;
      }
    }
    return new BeatByBeatScore(record, tp, fn, fp);
  }

  private static long[] outside(long[] samples, long[][] excluded) {
    if (excluded.length == 0) {
      return samples;
    }
    return java.util.Arrays.stream(samples)
        .filter(s -> java.util.Arrays.stream(excluded).noneMatch(iv -> s >= iv[0] && s <= iv[1]))
        .toArray();
  }
}
