package org.ecgstream.flink.job;

import java.io.Serializable;
import java.time.Duration;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.alarms.HeartRateLimits;
import org.ecgstream.flink.archive.ArchiveConfig;

/**
 * Parameters of the alarm job, validated on construction.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param framesTopic normalised frames in (keyed by patient)
 * @param alertsTopic alarm state changes out
 * @param deadLetterTopic records the job cannot read
 * @param heartRateLimits default heart-rate alarm limits (an admission may set a patient's own)
 * @param rateWindow how far back the beats the running heart rate is measured over reach (60 / median RR)
 * @param vitalsInterval device time between a patient's records on the vitals topic (the rate itself
 *     is updated with every frame)
 * @param outOfOrderness how late a frame may arrive before event time passes it (alarm ends, acks, archive)
 * @param checkpointInterval checkpoint (and so alert commit) interval
 * @param transactionalIdPrefix prefix of the exactly-once sink's transactional ids; unique per job
 * @param acksTopic acknowledgements in (keyed by patient)
 * @param escalateAfter an alarm still unacknowledged this long after onset is escalated
 * @param model zero-shot labelling, or null for none (the DSP job alone, no labels)
 * @param admissionsTopic device-to-patient bindings with per-patient alarm limits (compacted)
 * @param archive archiving of recordings and reports, or null for none
 * @param kafkaClient Kafka client settings for every source and sink (security.protocol, ssl.*,
 *     sasl.* ...), from {@code ecg.kafka.client.*} settings; empty for none
 * @param vitalsTopic every patient's running heart rate out (exactly-once), every vitals interval
 */
public record AlarmJobConfig(
    String bootstrapServers,
    String framesTopic,
    String alertsTopic,
    String deadLetterTopic,
    HeartRateLimits heartRateLimits,
    Duration rateWindow,
    Duration vitalsInterval,
    Duration outOfOrderness,
    Duration checkpointInterval,
    String transactionalIdPrefix,
    String acksTopic,
    Duration escalateAfter,
    ModelConfig model,
    String admissionsTopic,
    ArchiveConfig archive,
    java.util.Map<String, String> kafkaClient,
    String vitalsTopic)
    implements Serializable {

  public AlarmJobConfig {
    kafkaClient = java.util.Map.copyOf(kafkaClient == null ? java.util.Map.of() : kafkaClient);
    java.util.Objects.requireNonNull(heartRateLimits, "heart rate limits");
    if (vitalsTopic == null || vitalsTopic.isBlank()) {
      throw new IllegalArgumentException("vitals topic must be named (default " + EcgTopics.VITALS.name() + ")");
    }
    if (vitalsInterval.isZero() || vitalsInterval.isNegative()) {
      throw new IllegalArgumentException("vitals interval must be positive, got " + vitalsInterval);
    }
    if (rateWindow.toMillis() < 1_000) {
      throw new IllegalArgumentException("heart-rate window must be at least 1 s (a rate needs 3 beats), got " + rateWindow);
    }
    if (escalateAfter.toSeconds() < 10) {
      throw new IllegalArgumentException("escalation delay must be at least 10 s, got " + escalateAfter);
    }
    if (checkpointInterval.toMillis() < 100) {
      throw new IllegalArgumentException("checkpoint interval must be at least 100 ms, got " + checkpointInterval);
    }
  }

  /** Defaults for a bedside adult monitor ({@link HeartRateLimits#ADULT_DEFAULTS}), reading and writing the default topics. */
  public static AlarmJobConfig defaults(String bootstrapServers) {
    return new AlarmJobConfig(
        bootstrapServers,
        EcgTopics.FRAMES.name(),
        EcgTopics.ALERTS.name(),
        EcgTopics.DLQ.name(),
        HeartRateLimits.ADULT_DEFAULTS,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        "ecg-alarms",
        EcgTopics.ACKS.name(),
        Duration.ofSeconds(60),
        null,
        EcgTopics.ADMISSIONS.name(),
        null,
        java.util.Map.of(),
        EcgTopics.VITALS.name());
  }

  /** The same job on other Kafka servers, with its own transactional ids and checkpoint interval. */
  public AlarmJobConfig on(String servers, String idPrefix, Duration checkpoints) {
    return new AlarmJobConfig(servers, framesTopic, alertsTopic, deadLetterTopic, heartRateLimits,
        rateWindow, vitalsInterval, outOfOrderness, checkpoints, idPrefix, acksTopic, escalateAfter, model, admissionsTopic, archive, kafkaClient, vitalsTopic);
  }

  /** The same job with other default heart-rate limits. */
  public AlarmJobConfig withLimits(HeartRateLimits limits) {
    return new AlarmJobConfig(bootstrapServers, framesTopic, alertsTopic, deadLetterTopic, limits,
        rateWindow, vitalsInterval, outOfOrderness, checkpointInterval, transactionalIdPrefix, acksTopic, escalateAfter, model,
        admissionsTopic, archive, kafkaClient, vitalsTopic);
  }

  /** The same job labelling windows with a model ({@code null}: no model). */
  public AlarmJobConfig withModel(ModelConfig newModel) {
    return new AlarmJobConfig(bootstrapServers, framesTopic, alertsTopic, deadLetterTopic, heartRateLimits,
        rateWindow, vitalsInterval, outOfOrderness, checkpointInterval, transactionalIdPrefix, acksTopic,
        escalateAfter, newModel, admissionsTopic, archive, kafkaClient, vitalsTopic);
  }

  /** The same job archiving recordings and reports ({@code null}: no archive). */
  public AlarmJobConfig withArchive(ArchiveConfig newArchive) {
    return new AlarmJobConfig(bootstrapServers, framesTopic, alertsTopic, deadLetterTopic, heartRateLimits,
        rateWindow, vitalsInterval, outOfOrderness, checkpointInterval, transactionalIdPrefix, acksTopic,
        escalateAfter, model, admissionsTopic, newArchive, kafkaClient, vitalsTopic);
  }

  /** The same job with these Kafka client settings (TLS, SASL ...) on every source and sink. */
  public AlarmJobConfig withKafkaClient(java.util.Map<String, String> settings) {
    return new AlarmJobConfig(bootstrapServers, framesTopic, alertsTopic, deadLetterTopic, heartRateLimits,
        rateWindow, vitalsInterval, outOfOrderness, checkpointInterval, transactionalIdPrefix, acksTopic,
        escalateAfter, model, admissionsTopic, archive, settings, vitalsTopic);
  }
}
