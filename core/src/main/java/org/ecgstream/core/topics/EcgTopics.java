package org.ecgstream.core.topics;

import java.util.List;
import java.util.Map;

/**
 * The topics of the design (DESIGN.md, "Topics") with their default names, partitions and configs.
 *
 * <p>Names are defaults; every service takes them from its configuration. Partition counts here are
 * for a single-machine deployment; the cluster manifests scale them.
 */
public final class EcgTopics {

  private static final long HOUR_MILLIS = 3_600_000L;
  private static final long DAY_MILLIS = 24 * HOUR_MILLIS;

  /** What devices send, keyed by device id. */
  public static final TopicSpec RAW =
      new TopicSpec("ecg.raw", 4, retention(DAY_MILLIS), "EcgFrame as devices send it");
  /** Normalised frames, keyed by patient id. */
  public static final TopicSpec FRAMES =
      new TopicSpec("ecg.frames", 4, retention(DAY_MILLIS), "EcgFrame normalised by ingest");
  /** Everything that could not be processed, with a reason. */
  public static final TopicSpec DLQ =
      new TopicSpec("ecg.dlq", 1, retention(14 * DAY_MILLIS), "RejectedRecord");
  /** Device-to-patient bindings, keyed by device id. */
  public static final TopicSpec ADMISSIONS =
      new TopicSpec("ecg.admissions", 1, compacted(), "Admission, latest per device");
  /** Zero-shot labels per window, keyed by patient id. */
  public static final TopicSpec LABELS =
      new TopicSpec("ecg.labels", 4, retention(7 * DAY_MILLIS), "EcgLabel");
  /** Labels from shadow model versions, keyed by patient id; never raise advisories. */
  public static final TopicSpec SHADOW_LABELS =
      new TopicSpec("ecg.labels.shadow", 4, retention(7 * DAY_MILLIS), "EcgLabel from shadow model versions");
  /**
   * Running vital signs (PatientVitals: heart rate, its span, beats, why not valid), keyed by patient
   * id, every vitals interval (2 s of device time) from the alarm job; a live view, so kept for a day.
   */
  public static final TopicSpec VITALS =
      new TopicSpec("ecg.vitals", 4, retention(DAY_MILLIS), "PatientVitals from the alarm job");
  /** Alarm state changes, keyed by patient id; what hospital systems consume. */
  public static final TopicSpec ALERTS =
      new TopicSpec("ecg.alerts", 4, retention(30 * DAY_MILLIS), "Alarm state changes");
  /**
   * Alarm state changes the alert bridge could not deliver to a hospital system after its retries,
   * keyed by patient id: the consumed record's bytes, with channel, reason and attempts in headers.
   */
  public static final TopicSpec ALERTS_PARKED =
      new TopicSpec("ecg.alerts.parked", 1, retention(30 * DAY_MILLIS), "Alarm the bridge could not deliver, with the reason");
  /** Acknowledgements from nurses' stations, keyed by patient id. */
  public static final TopicSpec ACKS =
      new TopicSpec("ecg.acks", 4, retention(30 * DAY_MILLIS), "AlarmAck");
  /** Cardiologists' reports, keyed by record id. */
  public static final TopicSpec REPORTS =
      new TopicSpec("ecg.reports", 1, retention(365 * DAY_MILLIS), "EcgReport");
  /** Model versions and stages, keyed by model name; drives hot swap. */
  public static final TopicSpec MODELS =
      new TopicSpec("ecg.models", 1, compacted(), "ModelVersion, latest per model and stage");

  /**
   * The simulator's ground truth, keyed by device id: one EcgTruth per generated frame (R peaks and
   * their beat class, scripted events with onset and offset), for scoring detectors and models.
   */
  public static final TopicSpec TRUTH =
      new TopicSpec("ecg.truth", 4, retention(7 * DAY_MILLIS), "EcgTruth from simulated beds");

  /** Every topic the system uses, in pipeline order. */
  public static final List<TopicSpec> ALL =
      List.of(RAW, FRAMES, DLQ, ADMISSIONS, LABELS, SHADOW_LABELS, VITALS, ALERTS, ALERTS_PARKED, ACKS, REPORTS, MODELS, TRUTH);

  private EcgTopics() {}

  private static Map<String, String> retention(long millis) {
    return Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(millis));
  }

  private static Map<String, String> compacted() {
    return Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
  }
}
