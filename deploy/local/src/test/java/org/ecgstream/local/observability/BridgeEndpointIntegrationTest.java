package org.ecgstream.local.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.bridge.AlertBridgeRuntime;
import org.ecgstream.bridge.Alarms;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.bridge.fhir.RecordingFhirServer;
import org.ecgstream.bridge.hl7.ScriptedMllpReceiver;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.PrometheusText;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bridge's endpoint ({@code metrics.port}) against the embedded broker, a real MLLP receiver and
 * a FHIR endpoint: ready once its consumer has partitions and both peers answer; the scrape counts
 * deliveries, retries and parked records per channel as they happened; when the Alert Manager goes
 * away the bridge says so on /health/ready.
 */
class BridgeEndpointIntegrationTest {

  private static final String REJECTED_PATIENT = "P-REJECT";
  private static final String FLAKY_PATIENT = "P-FLAKY";

  @Test
  @Timeout(60)
  void readinessAndDeliveryCountersFollowWhatHappened() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
        RecordingFhirServer fhir = new RecordingFhirServer(n -> 201)) {
      ScriptedMllpReceiver alertManager =
          new ScriptedMllpReceiver(ScriptedMllpReceiver.refusingAndFailingOnce(REJECTED_PATIENT, FLAKY_PATIENT));
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);
      int hl7Port = alertManager.port();
      BridgeConfig config = BridgeConfig.of(Map.of(
          BridgeConfig.BOOTSTRAP.name(), broker.bootstrapServers(),
          BridgeConfig.HL7_ENDPOINT.name(), "127.0.0.1:" + hl7Port,
          BridgeConfig.FHIR_URL.name(), fhir.base().toString(),
          BridgeConfig.MAX_ATTEMPTS.name(), "3",
          BridgeConfig.INITIAL_BACKOFF.name(), "10",
          BridgeConfig.MAX_BACKOFF.name(), "40",
          BridgeConfig.METRICS_PORT.name(), "0",
          BridgeConfig.METRICS_BIND_ADDRESS.name(), "127.0.0.1"));

      try (AlertBridgeRuntime bridge = AlertBridgeRuntime.start(config)) {
        MetricsEndpoint endpoint = bridge.metricsEndpoint().orElseThrow();
        HttpResponse<String> ready = Scrapes.awaitAnswer(endpoint, MetricsEndpoint.READY_PATH, r -> r.statusCode() == 200,
            Duration.ofSeconds(30));

        List<Alarm> alarms = new ArrayList<>();
        for (String patient : List.of("P1", "P2", FLAKY_PATIENT)) {
          alarms.add(Alarms.ventricularFibrillation(patient, 0, AlarmState.RAISED));
          alarms.add(Alarms.ventricularFibrillation(patient, 1, AlarmState.CLEARED));
        }
        alarms.add(Alarms.ventricularFibrillation(REJECTED_PATIENT, 0, AlarmState.RAISED));
        publish(broker, alarms);
        // 7 alarms: HL7 takes 6 (2 of them on the second attempt) and parks 1; FHIR takes all 7; 1 record is no alarm.
        PrometheusText scrape = Scrapes.awaitScrape(endpoint,
            s -> delivered(s, "hl7") == 6 && delivered(s, "fhir") == 7 && parked(s, "decode") == 1, Duration.ofSeconds(30));

        alertManager.close();
        HttpResponse<String> peerGone = Scrapes.awaitAnswer(endpoint, MetricsEndpoint.READY_PATH,
            r -> r.statusCode() == 503, Duration.ofSeconds(20));

        assertThat(ready.body()).contains("\"status\":\"UP\"").contains("assigned").contains("hl7 127.0.0.1:" + hl7Port);
        assertThat(parked(scrape, "hl7")).isEqualTo(1);
        assertThat(parked(scrape, "fhir")).isZero();
        assertThat(labelled(scrape, "bridge_delivery_retries_total", "hl7")).isEqualTo(2);
        assertThat(labelled(scrape, "bridge_delivery_latency_seconds_count", "hl7")).isEqualTo(6);
        assertThat(scrape.named("bridge_delivery_latency_seconds_bucket")).isNotEmpty();
        assertThat(scrape.named("bridge_ready")).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(1.0));
        assertThat(Scrapes.sum(scrape, "bridge_partitions_assigned")).isEqualTo(EcgTopics.ALERTS.partitions());
        assertThat(scrape.names()).contains("bridge_records_in_flight", "kafka_consumer_fetch_manager_records_lag_max",
            "jvm_memory_used_bytes");
        assertThat(peerGone.body()).contains("\"status\":\"DOWN\"").contains("hl7 127.0.0.1:" + hl7Port + " unreachable");
        assertThat(Scrapes.get(endpoint, MetricsEndpoint.LIVE_PATH).statusCode()).isEqualTo(200);
      }
    }
  }

  private static double delivered(PrometheusText s, String channel) {
    return labelled(s, "bridge_alarms_delivered_total", channel);
  }

  private static double parked(PrometheusText s, String channel) {
    return labelled(s, "bridge_alarms_parked_total", channel);
  }

  private static double labelled(PrometheusText s, String name, String channel) {
    return s.named(name).stream().filter(x -> channel.equals(x.labels().get("channel")))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  private static void publish(EmbeddedKafkaBroker broker, List<Alarm> alarms) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (Alarm alarm : alarms) {
        producer.send(new ProducerRecord<>(EcgTopics.ALERTS.name(), alarm.getPatientId(), EcgSerdes.alarms().serialize(alarm))).get();
      }
      producer.send(new ProducerRecord<>(EcgTopics.ALERTS.name(), "P9", "not an alarm".getBytes(StandardCharsets.UTF_8))).get();
    }
  }
}
