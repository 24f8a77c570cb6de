package org.ecgstream.flink.models;

/**
 * Which patients a canary serves: a patient is in when a hash of the patient id falls in the
 * first {@code share} of 10,000 buckets, so the same patients stay in across restarts, subtasks
 * and machines, and a larger share keeps every patient a smaller one had.
 */
public final class CanaryShare {

  static final int BUCKETS = 10_000;

  private CanaryShare() {}

  /** Whether {@code patientId} is among the {@code share} (0..1) of patients a canary serves. */
  public static boolean includes(String patientId, double share) {
    if (share <= 0) {
      return false;
    }
    if (share >= 1) {
      return true;
    }
    return bucket(patientId) < share * BUCKETS;
  }

  /** The patient's bucket, 0..9,999; String.hashCode is fixed by the language, so stable everywhere. */
  static int bucket(String patientId) {
    int h = patientId.hashCode() * 0x9E3779B1;
    return Math.floorMod(h ^ (h >>> 15), BUCKETS);
  }
}
