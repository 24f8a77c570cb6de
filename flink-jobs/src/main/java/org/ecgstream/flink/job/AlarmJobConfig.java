package org.ecgstream.flink.job;

import java.io.Serializable;
import java.time.Duration;
import org.ecgstream.core.topics.EcgTopics;

/**
 * Parameters of the alarm job, validated on construction.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param framesTopic normalised frames in (keyed by patient)
 * @param alertsTopic alarm state changes out
 * @param deadLetterTopic records the job cannot read
 * @param heartRateLowBpm below this a HEART_RATE_LOW alarm is raised
 * @param heartRateHighBpm above this a HEART_RATE_HIGH alarm is raised
 * @param rateWindow length of the event-time window heart rate is measured over
 * @param rateSlide how often a new heart rate is computed
 * @param outOfOrderness how late a frame may arrive before windows close without it
 * @param checkpointInterval checkpoint (and so alert commit) interval
 * @param transactionalIdPrefix prefix of the exactly-once sink's transactional ids; unique per job
 * @param acksTopic acknowledgements in (keyed by patient)
 * @param escalateAfter an alarm still unacknowledged this long after onset is escalated
 * @param model zero-shot labelling, or null for none (the DSP job alone, no labels)
 */
public record AlarmJobConfig(
    String bootstrapServers,
    String framesTopic,
    String alertsTopic,
    String deadLetterTopic,
    int heartRateLowBpm,
    int heartRateHighBpm,
    Duration rateWindow,
    Duration rateSlide,
    Duration outOfOrderness,
    Duration checkpointInterval,
    String transactionalIdPrefix,
    String acksTopic,
    Duration escalateAfter,
    ModelConfig model)
    implements Serializable {

  /** Without a model. */
  public AlarmJobConfig(String bootstrapServers, String framesTopic, String alertsTopic, String deadLetterTopic,
      int heartRateLowBpm, int heartRateHighBpm, Duration rateWindow, Duration rateSlide, Duration outOfOrderness,
      Duration checkpointInterval, String transactionalIdPrefix, String acksTopic, Duration escalateAfter) {
    this(bootstrapServers, framesTopic, alertsTopic, deadLetterTopic, heartRateLowBpm, heartRateHighBpm, rateWindow,
        rateSlide, outOfOrderness, checkpointInterval, transactionalIdPrefix, acksTopic, escalateAfter, null);
  }

  public AlarmJobConfig {
    if (heartRateLowBpm <= 0 || heartRateHighBpm <= heartRateLowBpm) {
      throw new IllegalArgumentException("heart rate limits must satisfy 0 < low < high, got low="
          + heartRateLowBpm + " high=" + heartRateHighBpm);
    }
    if (rateSlide.isZero() || rateSlide.isNegative() || rateWindow.compareTo(rateSlide) < 0) {
      throw new IllegalArgumentException("rate window (" + rateWindow + ") must be >= slide (" + rateSlide + ") > 0");
    }
    if (escalateAfter.toSeconds() < 10) {
      throw new IllegalArgumentException("escalation delay must be at least 10 s, got " + escalateAfter);
    }
    if (checkpointInterval.toMillis() < 100) {
      throw new IllegalArgumentException("checkpoint interval must be at least 100 ms, got " + checkpointInterval);
    }
  }

  /** Defaults for a bedside adult monitor (limits 50/120 bpm), reading and writing the default topics. */
  public static AlarmJobConfig defaults(String bootstrapServers) {
    return new AlarmJobConfig(
        bootstrapServers,
        EcgTopics.FRAMES.name(),
        EcgTopics.ALERTS.name(),
        EcgTopics.DLQ.name(),
        50,
        120,
        Duration.ofSeconds(10),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        "ecg-alarms",
        EcgTopics.ACKS.name(),
        Duration.ofSeconds(60));
  }

  /** The same job on other Kafka servers, with its own transactional ids and checkpoint interval. */
  public AlarmJobConfig on(String servers, String idPrefix, Duration checkpoints) {
    return new AlarmJobConfig(servers, framesTopic, alertsTopic, deadLetterTopic, heartRateLowBpm, heartRateHighBpm,
        rateWindow, rateSlide, outOfOrderness, checkpoints, idPrefix, acksTopic, escalateAfter, model);
  }

  public AlarmJobConfig withLimits(int lowBpm, int highBpm) {
    return new AlarmJobConfig(bootstrapServers, framesTopic, alertsTopic, deadLetterTopic, lowBpm, highBpm,
        rateWindow, rateSlide, outOfOrderness, checkpointInterval, transactionalIdPrefix, acksTopic, escalateAfter, model);
  }

  /** The same job labelling windows with a model ({@code null}: no model). */
  public AlarmJobConfig withModel(ModelConfig newModel) {
    return new AlarmJobConfig(bootstrapServers, framesTopic, alertsTopic, deadLetterTopic, heartRateLowBpm,
        heartRateHighBpm, rateWindow, rateSlide, outOfOrderness, checkpointInterval, transactionalIdPrefix, acksTopic,
        escalateAfter, newModel);
  }
}
