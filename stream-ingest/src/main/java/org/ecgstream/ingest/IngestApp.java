package org.ecgstream.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.ecgstream.ingest.topology.IngestTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: runs {@link IngestTopology} on Kafka Streams with exactly-once processing.
 * Client settings (TLS, SASL, ...) pass through unchanged from {@code clientConfig}.
 */
public final class IngestApp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestApp.class);
  public static final String DEFAULT_APPLICATION_ID = "ecg-ingest";

  private final KafkaStreams streams;

  public IngestApp(String bootstrapServers, IngestTopics topics, Path stateDir, Map<String, Object> clientConfig) {
    Properties props = new Properties();
    props.putAll(clientConfig);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.putIfAbsent(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    this.streams = new KafkaStreams(IngestTopology.build(topics), props);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("event=ingest_thread_failed action=replace_thread cause={}", e.toString(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((next, previous) -> LOG.info("event=ingest_state from={} to={}", previous, next));
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

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
