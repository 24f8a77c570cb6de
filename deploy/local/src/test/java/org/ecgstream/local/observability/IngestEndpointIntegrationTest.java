package org.ecgstream.local.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.MetricsEndpointConfig;
import org.ecgstream.observability.PrometheusText;
import org.ecgstream.observability.ServiceMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ingest app's endpoint as {@code ./ecg ingest --metrics-port} wires it, on the embedded broker:
 * not ready until Kafka Streams is RUNNING, ready then, not ready nor alive once closed; the scrape
 * carries the accounting, the lag and Kafka's client metrics.
 */
class IngestEndpointIntegrationTest {

  @Test
  @Timeout(60)
  void readyOnlyWhileKafkaStreamsIsRunningWithItsMetersOnTheScrape() throws Exception {
    Path stateDir = Files.createTempDirectory("ingest-endpoint-");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      String bootstrap = broker.bootstrapServers();
      TopicProvisioner.ensureTopics(bootstrap, EcgTopics.ALL);
      PrometheusMeterRegistry registry = ServiceMeterRegistry.create("ingest");
      IngestApp app = new IngestApp(bootstrap, stateDir, Map.of("application.id", "ingest-endpoint-it"), registry);
      try (MetricsEndpoint endpoint = MetricsEndpoint.start("ingest", MetricsEndpointConfig.ephemeralLoopback(), registry,
          app::liveness, app::readiness)) {
        HttpResponse<String> beforeStart = Scrapes.get(endpoint, MetricsEndpoint.READY_PATH);
        HttpResponse<String> aliveBeforeStart = Scrapes.get(endpoint, MetricsEndpoint.LIVE_PATH);

        app.start();
        HttpResponse<String> ready = Scrapes.awaitAnswer(endpoint, MetricsEndpoint.READY_PATH, r -> r.statusCode() != 503,
            Duration.ofSeconds(40));
        KafkaStreams.State stateWhenReady = app.state();

        int garbage = 5;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new ByteArraySerializer(), new ByteArraySerializer())) {
          for (int i = 0; i < garbage; i++) {
            producer.send(new ProducerRecord<>(EcgTopics.RAW.name(), ("dev-" + i).getBytes(StandardCharsets.UTF_8),
                "not an ECG frame".getBytes(StandardCharsets.UTF_8)));
          }
        }
        // Both counts in the awaited scrape: a scrape reads the meters one after another while the stream
        // thread counts on, so a scrape taken as the last records were processed can show the records in
        // from before them and the dead letters from after (seen once under load: 3 in, 5 dead letters).
        PrometheusText scrape = Scrapes.awaitScrape(endpoint,
            s -> Scrapes.sum(s, "ingest_dead_letters_total") >= garbage && Scrapes.sum(s, "ingest_records_in_total") >= garbage,
            Duration.ofSeconds(30));

        app.close();
        HttpResponse<String> afterClose = Scrapes.get(endpoint, MetricsEndpoint.READY_PATH);
        HttpResponse<String> aliveAfterClose = Scrapes.get(endpoint, MetricsEndpoint.LIVE_PATH);

        assertThat(beforeStart.statusCode()).isEqualTo(503);
        assertThat(beforeStart.body()).contains("\"status\":\"DOWN\"").contains("CREATED");
        assertThat(aliveBeforeStart.statusCode()).isEqualTo(200);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"detail\":\"Kafka Streams state RUNNING\"}\n");
        assertThat(stateWhenReady).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(afterClose.statusCode()).isEqualTo(503);
        assertThat(afterClose.body()).contains("NOT_RUNNING");
        assertThat(aliveAfterClose.statusCode()).isEqualTo(503);

        assertThat(Scrapes.sum(scrape, "ingest_records_in_total")).isEqualTo(garbage);
        assertThat(scrape.named("ingest_dead_letters_total")).anySatisfy(s -> {
          assertThat(s.labels()).containsEntry("reason", "UNDECODABLE").containsEntry("service", "ingest");
          assertThat(s.value()).isEqualTo(garbage);
        });
        assertThat(scrape.named("ingest_ready")).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
        assertThat(scrape.names()).contains("ingest_frames_out_total", "ingest_duplicates_dropped_total",
            "ingest_input_lag_records", "ingest_health", "ingest_frames_held",
            "kafka_consumer_fetch_manager_records_lag_max", "kafka_stream_thread_process_total");
      } finally {
        app.close();
      }
    }
  }
}
