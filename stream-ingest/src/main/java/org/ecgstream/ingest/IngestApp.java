package org.ecgstream.ingest;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.ecgstream.ingest.deadletter.DeadLetterHandlers;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.ingest.topology.IngestTopology;
import org.ecgstream.observability.HealthStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: runs {@link IngestTopology} on Kafka Streams with exactly-once processing
 * (v2), changelogged state and the dead-letter error handlers. {@code properties} hold both the
 * {@link IngestConfig} settings ({@code ingest.*}) and Kafka settings, which pass through to the
 * clients unchanged (TLS, SASL, {@code num.standby.replicas}, ...).
 *
 * <p>Meters on the given registry: the accounting of {@link IngestMetrics}, {@code ingest.health}
 * (1 while running or rebalancing), {@code ingest.ready} (1 while running), {@code
 * ingest.input.lag.records} (records not yet read from the raw topic) and Kafka's own client
 * metrics. {@link #readiness} and {@link #liveness} answer the health endpoint's probes.
 */
public final class IngestApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
  public static final String DEFAULT_APPLICATION_ID = "ecg-ingest";
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  /** Gauge: 1 while ready (Kafka Streams RUNNING). */
  public static final String READY = "ingest.ready";

  private final KafkaStreams streams;
  private final IngestConfig config;
  private final IngestMetrics metrics;
  private final KafkaStreamsMetrics clientMetrics;

  public IngestApp(String bootstrapServers, Path stateDir, Map<String, ?> properties, MeterRegistry registry) {
    this.config = IngestConfig.from(properties);
    this.metrics = new IngestMetrics(registry);
    Properties props = streamsProperties(bootstrapServers, stateDir, properties);
    handlers(props, metrics);
    this.streams = new KafkaStreams(IngestTopology.build(config, metrics), props);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("event=ingest_thread_failed action=replace_thread cause={}", e.toString(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((next, previous) -> LOG.info("event=ingest_state from={} to={}", previous, next));
    Gauge.builder("ingest.health", this, app -> app.isHealthy() ? 1 : 0)
        .description("1 while the app is running or rebalancing, 0 otherwise").register(registry);
    Gauge.builder(READY, this, app -> app.state() == KafkaStreams.State.RUNNING ? 1 : 0)
        .description("1 while Kafka Streams is RUNNING (the readiness probe's answer), 0 otherwise").register(registry);
    Gauge.builder("ingest.input.lag.records", this, IngestApp::inputLagRecords)
        .description("Records on the raw topic not yet read by this instance").register(registry);
    this.clientMetrics = new KafkaStreamsMetrics(streams);
    clientMetrics.bindTo(registry);
  }

  /**
   * The Kafka Streams properties ingest runs with: {@code properties} as given, and the settings
   * ingest insists on or defaults differently (exactly once v2, commit interval, producer
   * compression and batches, ...). Public so that a benchmark can run another topology alike.
   */
  public static Properties streamsProperties(String bootstrapServers, Path stateDir, Map<String, ?> properties) {
    Properties props = new Properties();
    props.putAll(properties);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0);
    props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    // Frames are 3 KB each and compress well: lz4 in batches of up to 256 KB, as devices' and the
    // simulators' producers send them. Uncompressed 16 KB batches (the client's default) cost the
    // broker and the producer's network thread three times the CPU per frame (docs/benchmarks.md).
    props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 262_144);
    // Catching up on a backlog (after an outage, a rebalance), the stream threads waited for the next
    // fetch for almost half their wall time with the consumer's 1 MB per partition and Streams' 1,000
    // records a poll (a wall-clock profile of bench ingest): 8 MB and 4,000 take 3 KB frames in
    // bigger steps (+10% frames/s there). In real time a fetch returns as soon as any frame is there,
    // so nothing waits longer; the buffers are bounded by these numbers per partition.
    props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 8 * 1024 * 1024);
    props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 4_000);
    return props;
  }

  /** Wires the dead-letter error handlers and what they need into Kafka Streams properties. */
  public static void handlers(Properties props, IngestMetrics metrics) {
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.class);
    props.put(DeadLetterHandlers.METRICS, metrics);
  }

  public void start() {
    streams.start();
  }

  /** Waits until the app is processing, or fails after {@code timeout}. */
  public void awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ingest did not reach RUNNING within " + timeout + " (state " + streams.state() + ")");
      }
      if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("ingest stopped while starting (state " + streams.state() + ")");
      }
      Thread.sleep(50);
    }
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Stops processing without leaving the group or closing state: records wait in their topics.
   * For measurements that time the app alone on input already written ({@code ./ecg bench ingest --preloaded}).
   */
  public void pause() {
    streams.pause();
  }

  /** Processing again after {@link #pause()}. */
  public void resume() {
    streams.resume();
  }

  public boolean isHealthy() {
    KafkaStreams.State s = streams.state();
    return s == KafkaStreams.State.RUNNING || s == KafkaStreams.State.REBALANCING;
  }

  /**
   * Ready to take traffic only while Kafka Streams is RUNNING: during a rebalance, while restoring
   * state or after an error the app processes nothing, and the reason says which state it is in.
   */
  public HealthStatus readiness() {
    KafkaStreams.State s = streams.state();
    return s == KafkaStreams.State.RUNNING
        ? HealthStatus.up("Kafka Streams state RUNNING")
        : HealthStatus.down("Kafka Streams state " + s + (s == KafkaStreams.State.CREATED ? " (not started yet)" : ""));
  }

  /**
   * Alive unless Kafka Streams has failed for good (ERROR, or on its way there) or was shut down:
   * then only a restart helps. Starting and rebalancing are alive.
   */
  public HealthStatus liveness() {
    KafkaStreams.State s = streams.state();
    return switch (s) {
      case ERROR, PENDING_ERROR, NOT_RUNNING, PENDING_SHUTDOWN -> HealthStatus.down("Kafka Streams state " + s);
      default -> HealthStatus.up("Kafka Streams state " + s);
    };
  }

  public IngestConfig config() {
    return config;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /** Sum of the consumer's lag over the raw topic's partitions this instance reads; 0 before the first fetch. */
  public double inputLagRecords() {
    double lag = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      if ("records-lag".equals(name.name()) && config.topics().raw().equals(name.tags().get("topic"))
          && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
        lag += n.doubleValue();
      }
    }
    return lag;
  }

  /**
   * Stops processing, committing what is done and leaving state on disk for the next start. It
   * leaves the consumer group, so that another instance takes over the partitions at once instead
   * of after the session timeout (Streams keeps its membership on close by default).
   */
  @Override
  public void close() {
    LOG.info("event=ingest_stopping");
    streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
        .withTimeout(CLOSE_TIMEOUT));
    clientMetrics.close();
  }
}
