package org.ecgstream.flink.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.ecgstream.flink.alarms.HeartRateLimits;
import org.ecgstream.flink.archive.ArchiveConfig;

/**
 * Every setting of the alarm job, declared once: key, type, default and description (after the
 * Flink Kubernetes Operator's {@code KubernetesOperatorConfigOptions}). A config file, the flags
 * of {@code ./ecg alarms} and of the {@code flink run} entry point ({@link AlarmJobLauncher}) all
 * go through {@link #toConfig}; flink-jobs/README.md's table is {@link #markdownTable()}.
 */
public final class AlarmJobOptions {

  /** Every key of ours starts with this; anything else is Flink's own (state backend, checkpoint dir...). */
  public static final String PREFIX = "ecg.";

  /**
   * Keys under this prefix go, without it, to every Kafka source and sink of the job: the TLS and
   * SASL settings of a secured cluster ({@code ecg.kafka.client.security.protocol: SSL},
   * {@code ecg.kafka.client.ssl.truststore.location: ...}). Passwords belong in a mounted file or
   * Kafka's config providers, never in the file itself.
   */
  public static final String KAFKA_CLIENT_PREFIX = "ecg.kafka.client.";

  private static final AlarmJobConfig D = AlarmJobConfig.defaults("unset:9092");
  private static final HeartRateLimits L = HeartRateLimits.ADULT_DEFAULTS;
  private static final ModelConfig M = ModelConfig.defaults("unset");
  private static final ArchiveConfig A = ArchiveConfig.defaults("unset");

  public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOptions.key("ecg.kafka.bootstrap-servers")
      .stringType().noDefaultValue().withDescription("Kafka bootstrap servers, HOST:PORT[,HOST:PORT]. Required.");
  public static final ConfigOption<String> FRAMES_TOPIC = ConfigOptions.key("ecg.topics.frames")
      .stringType().defaultValue(D.framesTopic()).withDescription("Normalised frames in, keyed by patient.");
  public static final ConfigOption<String> ALERTS_TOPIC = ConfigOptions.key("ecg.topics.alerts")
      .stringType().defaultValue(D.alertsTopic()).withDescription("Alarm state changes out (exactly-once).");
  public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("ecg.topics.dlq")
      .stringType().defaultValue(D.deadLetterTopic()).withDescription("Records the job cannot read, with the reason.");
  public static final ConfigOption<String> ACKS_TOPIC = ConfigOptions.key("ecg.topics.acks")
      .stringType().defaultValue(D.acksTopic()).withDescription("Acknowledgements in, keyed by patient.");
  public static final ConfigOption<String> VITALS_TOPIC = ConfigOptions.key("ecg.topics.vitals")
      .stringType().defaultValue(D.vitalsTopic()).withDescription("Every patient's running heart rate out (PatientVitals, exactly-once), every vitals interval.");
  public static final ConfigOption<String> ADMISSIONS_TOPIC = ConfigOptions.key("ecg.topics.admissions")
      .stringType().defaultValue(D.admissionsTopic()).withDescription("Admissions (compacted); their alarm limits apply per patient.");
  public static final ConfigOption<Integer> HR_EXTREME_LOW = ConfigOptions.key("ecg.alarms.heart-rate.extreme-low-bpm")
      .intType().defaultValue(L.extremeLowBpm()).withDescription("EXTREME_BRADYCARDIA (HIGH) below this rate.");
  public static final ConfigOption<Integer> HR_LOW = ConfigOptions.key("ecg.alarms.heart-rate.low-bpm")
      .intType().defaultValue(L.lowBpm()).withDescription("HEART_RATE_LOW (MEDIUM) below this rate.");
  public static final ConfigOption<Integer> HR_HIGH = ConfigOptions.key("ecg.alarms.heart-rate.high-bpm")
      .intType().defaultValue(L.highBpm()).withDescription("HEART_RATE_HIGH (MEDIUM) above this rate.");
  public static final ConfigOption<Integer> HR_EXTREME_HIGH = ConfigOptions.key("ecg.alarms.heart-rate.extreme-high-bpm")
      .intType().defaultValue(L.extremeHighBpm()).withDescription("EXTREME_TACHYCARDIA (HIGH) above this rate.");
  public static final ConfigOption<Duration> RATE_WINDOW = ConfigOptions.key("ecg.alarms.heart-rate.window")
      .durationType().defaultValue(D.rateWindow()).withDescription("The heart rate is 60 / median RR of the beats this far back, updated with every frame.");
  public static final ConfigOption<Duration> VITALS_INTERVAL = ConfigOptions.key("ecg.vitals.interval")
      .durationType().defaultValue(D.vitalsInterval()).withDescription("Device time between a patient's records on the vitals topic.");
  public static final ConfigOption<Duration> ESCALATE_AFTER = ConfigOptions.key("ecg.alarms.escalate-after")
      .durationType().defaultValue(D.escalateAfter()).withDescription("An alarm unacknowledged this long after onset is ESCALATED (at least 10 s).");
  public static final ConfigOption<Duration> OUT_OF_ORDERNESS = ConfigOptions.key("ecg.job.out-of-orderness")
      .durationType().defaultValue(D.outOfOrderness()).withDescription("How late a frame may arrive before event time passes it (alarm ends, acks, archive).");
  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = ConfigOptions.key("ecg.job.checkpoint-interval")
      .durationType().defaultValue(D.checkpointInterval()).withDescription("Checkpoint interval; alerts become visible to read_committed readers at each checkpoint.");
  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = ConfigOptions.key("ecg.job.transactional-id-prefix")
      .stringType().defaultValue(D.transactionalIdPrefix()).withDescription("Prefix of the exactly-once sinks' transactional ids and consumer groups; unique per job.");
  public static final ConfigOption<String> MODEL_DIR = ConfigOptions.key("ecg.model.bundle-dir")
      .stringType().noDefaultValue().withDescription("C-MELT bundle directory for zero-shot labels; unset: signal-processing alarms only.");
  public static final ConfigOption<String> MODEL_DEVICE = ConfigOptions.key("ecg.model.device")
      .stringType().defaultValue(M.device()).withDescription("cpu, cuda or cuda:N; CUDA falls back to CPU with one warning.");
  public static final ConfigOption<Integer> MODEL_MAX_BATCH = ConfigOptions.key("ecg.model.max-batch")
      .intType().defaultValue(M.maxBatchSize()).withDescription("Most windows per ONNX Runtime call.");
  public static final ConfigOption<Duration> MODEL_MAX_WAIT = ConfigOptions.key("ecg.model.max-wait")
      .durationType().defaultValue(M.maxWait()).withDescription("Longest a window waits for its batch to fill.");
  public static final ConfigOption<Duration> MODEL_STRIDE = ConfigOptions.key("ecg.model.stride")
      .durationType().defaultValue(M.stride()).withDescription("Event time between a patient's consecutive windows.");
  public static final ConfigOption<Duration> MODEL_TIMEOUT = ConfigOptions.key("ecg.model.inference-timeout")
      .durationType().defaultValue(M.inferenceTimeout()).withDescription("A window not labelled by then gets no label (counted).");
  public static final ConfigOption<Integer> MODEL_IN_FLIGHT = ConfigOptions.key("ecg.model.in-flight-per-subtask")
      .intType().defaultValue(M.inFlightPerSubtask()).withDescription("Windows a subtask may have waiting for labels before it back-pressures.");
  public static final ConfigOption<String> LABELS_TOPIC = ConfigOptions.key("ecg.topics.labels")
      .stringType().defaultValue(M.labelsTopic()).withDescription("Zero-shot labels out (exactly-once).");
  public static final ConfigOption<Double> AF_THRESHOLD = ConfigOptions.key("ecg.model.af-threshold")
      .doubleType().noDefaultValue().withDescription("When set: the AF advisory of every model version, the one serving now included, starts when the smoothed calibrated AF probability reaches this, whatever its manifest declares; unset: as each version's manifest declares (0.35 in the default bundle)...");
  public static final ConfigOption<Integer> AF_WINDOWS = ConfigOptions.key("ecg.model.af-windows")
      .intType().noDefaultValue().withDescription("...on this many consecutive windows (when set, for every version; unset: as each manifest declares, 3 in the default bundle). Advisories of other labels: as the manifest of the version that labelled the window declares.");
  public static final ConfigOption<String> MODELS_TOPIC = ConfigOptions.key("ecg.model.registry-topic")
      .stringType().noDefaultValue().withDescription("Follow this registry topic (ecg.models) and hot-swap versions; unset: serve the bundle for the job's life.");
  public static final ConfigOption<String> STORE_DIR = ConfigOptions.key("ecg.model.store-dir")
      .stringType().noDefaultValue().withDescription("Bundle store directory the registry's file: URIs are resolved in.");
  public static final ConfigOption<String> ARCHIVE_BASE = ConfigOptions.key("ecg.archive.base")
      .stringType().noDefaultValue().withDescription("Archive recordings and reports (Avro files, by UTC day) under this directory or Flink filesystem URI (s3://bucket/dir); unset: no archive.");
  public static final ConfigOption<Duration> ARCHIVE_RECORDING_LENGTH = ConfigOptions.key("ecg.archive.recording-length")
      .durationType().defaultValue(A.recordingLength()).withDescription("Device time one archived recording holds at most (a gap or a change of leads or rate cuts it earlier).");
  public static final ConfigOption<String> REPORTS_TOPIC = ConfigOptions.key("ecg.topics.reports")
      .stringType().defaultValue(A.reportsTopic()).withDescription("Cardiologists' reports in, archived beside the recordings (read only with an archive).");

  /** All options, in documentation order. */
  public static final List<ConfigOption<?>> ALL = List.of(BOOTSTRAP_SERVERS, FRAMES_TOPIC, ALERTS_TOPIC, DEAD_LETTER_TOPIC,
      ACKS_TOPIC, ADMISSIONS_TOPIC, LABELS_TOPIC, VITALS_TOPIC, HR_EXTREME_LOW, HR_LOW, HR_HIGH, HR_EXTREME_HIGH, RATE_WINDOW, VITALS_INTERVAL,
      ESCALATE_AFTER, OUT_OF_ORDERNESS, CHECKPOINT_INTERVAL, TRANSACTIONAL_ID_PREFIX, MODEL_DIR, MODEL_DEVICE,
      MODEL_MAX_BATCH, MODEL_MAX_WAIT, MODEL_STRIDE, MODEL_TIMEOUT, MODEL_IN_FLIGHT, AF_THRESHOLD, AF_WINDOWS,
      MODELS_TOPIC, STORE_DIR, ARCHIVE_BASE, ARCHIVE_RECORDING_LENGTH, REPORTS_TOPIC);

  private AlarmJobOptions() {}

  /**
   * The job's config from {@code settings} (a config file's entries overlaid with flags). Keys
   * outside {@value #PREFIX} are left to Flink; an unknown {@code ecg.} key is refused, since a
   * misspelt limit silently falling back to its default is the worst kind of mistake here.
   *
   * @throws IllegalArgumentException naming the key or the inconsistency
   */
  public static AlarmJobConfig toConfig(Map<String, String> settings) {
    Set<String> known = new TreeSet<>();
    ALL.forEach(o -> known.add(o.key()));
    List<String> unknown = new ArrayList<>();
    for (String key : settings.keySet()) {
      if (key.startsWith(PREFIX) && !known.contains(key) && !key.startsWith(KAFKA_CLIENT_PREFIX)) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown setting(s) " + unknown + "; the alarm job knows: " + known);
    }
    ReadableConfig c = Configuration.fromMap(settings);
    String servers = c.getOptional(BOOTSTRAP_SERVERS).orElseThrow(() ->
        new IllegalArgumentException(BOOTSTRAP_SERVERS.key() + " is required (Kafka bootstrap servers, HOST:PORT)"));
    try {
      HeartRateLimits limits = new HeartRateLimits(c.get(HR_EXTREME_LOW), c.get(HR_LOW), c.get(HR_HIGH), c.get(HR_EXTREME_HIGH));
      ModelConfig model = c.getOptional(MODEL_DIR).map(dir -> new ModelConfig(dir, c.get(MODEL_DEVICE), c.get(MODEL_MAX_BATCH),
          c.get(MODEL_MAX_WAIT), c.get(MODEL_STRIDE), c.get(MODEL_TIMEOUT), c.get(MODEL_IN_FLIGHT), c.get(LABELS_TOPIC),
          c.getOptional(AF_THRESHOLD).orElse(null), c.getOptional(AF_WINDOWS).orElse(null),
          c.getOptional(MODELS_TOPIC).orElse(null),
          c.getOptional(STORE_DIR).orElse(null))).orElse(null);
      ArchiveConfig archive = c.getOptional(ARCHIVE_BASE)
          .map(base -> new ArchiveConfig(base, c.get(ARCHIVE_RECORDING_LENGTH), c.get(REPORTS_TOPIC))).orElse(null);
      return new AlarmJobConfig(servers, c.get(FRAMES_TOPIC), c.get(ALERTS_TOPIC), c.get(DEAD_LETTER_TOPIC), limits,
          c.get(RATE_WINDOW), c.get(VITALS_INTERVAL), c.get(OUT_OF_ORDERNESS), c.get(CHECKPOINT_INTERVAL),
          c.get(TRANSACTIONAL_ID_PREFIX), c.get(ACKS_TOPIC), c.get(ESCALATE_AFTER), model, c.get(ADMISSIONS_TOPIC), archive,
          kafkaClient(settings), c.get(VITALS_TOPIC));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("alarm job settings: " + e.getMessage(), e);
    }
  }

  /** The {@link #KAFKA_CLIENT_PREFIX} settings without the prefix. */
  static Map<String, String> kafkaClient(Map<String, String> settings) {
    Map<String, String> out = new java.util.TreeMap<>();
    settings.forEach((k, v) -> {
      if (k.startsWith(KAFKA_CLIENT_PREFIX) && k.length() > KAFKA_CLIENT_PREFIX.length()) {
        out.put(k.substring(KAFKA_CLIENT_PREFIX.length()), v);
      }
    });
    return out;
  }

  /** The settings as a Markdown table: key, default, description. */
  public static String markdownTable() {
    StringBuilder out = new StringBuilder("| key | default | what it sets |\n|---|---|---|\n");
    for (ConfigOption<?> o : ALL) {
      String def = o.hasDefaultValue() ? "`" + shown(o.defaultValue()) + "`" : "(none)";
      out.append("| `").append(o.key()).append("` | ").append(def).append(" | ")
          .append(new HtmlFormatter().format(o.description())).append(" |\n");
    }
    return out.toString();
  }

  private static String shown(Object value) {
    if (value instanceof Duration d) {
      return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
    return String.valueOf(value);
  }
}
