package org.ecgstream.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.local.demo.DemoDashboard;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo's dashboard on the embedded broker: an alarm and frames written to the topics reach a
 * signed-in browser's stream, and its acknowledgement lands on ecg.acks with the signed-in user.
 */
class DashboardAckIntegrationTest {

  private static final String PATIENT = "sim-patient-07";
  private static final String BED = "bed-07";

  @Test
  @Timeout(60)
  void acknowledgementFromTheDashboardCarriesTheSignedInUserOnTheAcksTopic() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      String servers = broker.bootstrapServers();
      TopicProvisioner.ensureTopics(servers, EcgTopics.ALL);
      try (DemoDashboard demo = DemoDashboard.start(servers, 0);
          KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(), new ByteArraySerializer())) {
        awaitTrue(Duration.ofSeconds(20), () -> demo.dashboard().feedReady(), "dashboard feed assigned");
        String alarmId = "asystole-" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        producer.send(new ProducerRecord<>(EcgTopics.ALERTS.name(), PATIENT, EcgSerdes.alarms().serialize(asystole(alarmId, now)))).get();
        awaitTrue(Duration.ofSeconds(20), () -> demo.dashboard().ward().alarm(alarmId).isPresent(), "alarm read by the dashboard");

        SignedInBrowserSession browser = SignedInBrowserSession.signIn(demo.dashboard().url(), DemoDashboard.USER, demo.password());
        try (InputStream events = browser.events(null)) {
          // Waveforms are live only: frames written while the stream is open reach it.
          for (int seq = 0; seq < 4; seq++) {
            producer.send(new ProducerRecord<>(EcgTopics.FRAMES.name(), PATIENT, EcgSerdes.frames().serialize(frame(seq, now)))).get();
          }
          String seen = readUntil(events, "event: wave", Duration.ofSeconds(20));
          assertThat(seen).contains("event: snapshot").contains(alarmId).contains("\"" + BED + "\"");
        }

        assertThat(browser.acknowledge(alarmId).statusCode()).isEqualTo(202);

        List<ConsumerRecord<String, byte[]>> acks = readAcks(servers, Duration.ofSeconds(20));
        assertThat(acks).hasSize(1);
        assertThat(acks.get(0).key()).isEqualTo(PATIENT);
        AlarmAck ack = EcgSerdes.acks().deserialize(acks.get(0).value());
        assertThat(ack.getAlarmId()).isEqualTo(alarmId);
        assertThat(ack.getPatientId()).isEqualTo(PATIENT);
        assertThat(ack.getAcknowledgedBy()).isEqualTo(DemoDashboard.USER);
        assertThat(ack.getSource()).isEqualTo("dashboard");
        assertThat(ack.getAcknowledgedAtMillis()).isBetween(now, System.currentTimeMillis());
      }
    }
  }

  private static Alarm asystole(String id, long at) {
    return Alarm.newBuilder().setAlarmId(id).setStateSeq(0).setPatientId(PATIENT).setBedId(BED).setKind("ASYSTOLE")
        .setCategory(AlarmCategory.CLINICAL).setPriority(AlarmPriority.HIGH).setState(AlarmState.RAISED)
        .setOnsetTimeMillis(at - 4000).setEventTimeMillis(at).setSource("asystole-detector")
        .setMessage("no QRS for 4.0 s").setEvidence(Map.of("rrMillis", "4000")).build();
  }

  /** Half a second of lead II at 500 Hz, 1000 units per mV, a 1 mV spike at the start (a crude beat). */
  private static EcgFrame frame(long seq, long start) {
    short[] samples = new short[250];
    samples[0] = 1000;
    return EcgFrame.newBuilder().setDeviceId("monitor-07").setSeq(seq).setDeviceTimeMillis(start + seq * 500)
        .setSampleRateHz(500).setGainPerMv(1000f).setLeads(List.of(Lead.II)).setSamples(List.of(Int16Samples.pack(samples)))
        .setPatientId(PATIENT).setBedId(BED).build();
  }

  private static List<ConsumerRecord<String, byte[]>> readAcks(String servers, Duration deadline) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.GROUP_ID_CONFIG, "ack-reader-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(EcgTopics.ACKS.name()));
      long end = System.nanoTime() + deadline.toNanos();
      while (out.isEmpty() && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(out::add); // a duplicate would show here
    }
    return out;
  }

  /** Reads the stream until {@code marker} appears; a read blocks at most until the next heartbeat or wave tick. */
  private static String readUntil(InputStream in, String marker, Duration deadline) throws Exception {
    StringBuilder seen = new StringBuilder();
    byte[] buf = new byte[8192];
    long end = System.nanoTime() + deadline.toNanos();
    while (!seen.toString().contains(marker)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no '" + marker + "' within " + deadline + "; seen: " + seen);
      }
      int n = in.read(buf);
      if (n < 0) {
        throw new AssertionError("stream ended before '" + marker + "'; seen: " + seen);
      }
      seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    return seen.toString();
  }

  static void awaitTrue(Duration deadline, BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(what + ": not within " + deadline);
      }
      Thread.sleep(20); // polling interval; the condition decides
    }
  }
}
