package org.ecgstream.core.scoring;

/**
 * Beat-by-beat agreement of a detector with reference annotations (ANSI/AAMI EC57): true
 * positives, false negatives (missed beats) and false positives (extra detections).
 */
public record BeatByBeatScore(String record, long truePositives, long falseNegatives, long falsePositives) {

  /** Sensitivity: share of reference beats detected. */
  public double sensitivity() {
    long reference = truePositives + falseNegatives;
    return reference == 0 ? Double.NaN : (double) truePositives / reference;
  }

  /** Positive predictivity: share of detections that are real beats. */
  public double positivePredictivity() {
    long detected = truePositives + falsePositives;
    return detected == 0 ? Double.NaN : (double) truePositives / detected;
  }

  /** The sum of several records' scores (EC57's "gross" statistics). */
  public static BeatByBeatScore gross(String name, Iterable<BeatByBeatScore> scores) {
    long tp = 0;
    long fn = 0;
    long fp = 0;
    for (BeatByBeatScore s : scores) {
      tp += s.truePositives;
      fn += s.falseNegatives;
      fp += s.falsePositives;
    }
    return new BeatByBeatScore(name, tp, fn, fp);
  }
}
