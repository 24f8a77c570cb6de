package org.ecgstream.local.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.bridge.AlertBridgeRuntime;
import org.ecgstream.bridge.Alarms;
import org.ecgstream.bridge.Await;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.bridge.acks.AlertStatusReports;
import org.ecgstream.bridge.fhir.RecordingFhirServer;
import org.ecgstream.bridge.hl7.MllpConnection;
import org.ecgstream.bridge.hl7.ScriptedMllpReceiver;
import org.ecgstream.bridge.hl7.ScriptedMllpReceiver.Received;
import org.ecgstream.bridge.kafka.KafkaParkingLot;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bridge against a real (embedded KRaft) broker, a real MLLP receiver and a FHIR endpoint: every
 * alert on the topic reaches the receivers or the park topic, exactly as counted, the consumer
 * group is committed to the end, and a restarted bridge delivers only what came after; an acknowledgement
 * reported by the Alert Manager reaches the acks topic.
 */
@Timeout(60)
class AlertBridgeIntegrationTest {

  private static final List<String> PATIENTS = List.of("P1", "P2", "P3", "P4", "P5");
  private static final List<AlarmState> EPISODE = List.of(AlarmState.RAISED, AlarmState.ESCALATED, AlarmState.ACKNOWLEDGED, AlarmState.CLEARED);
  private static final String REJECTED_PATIENT = "P-REJECT";
  private static final String FLAKY_PATIENT = "P3";

  @Test
  void everyAlertReachesTheReceiversOrTheParkTopicOnceAndARestartDeliversOnlyWhatCameAfter() throws Exception {
    // The Alert Manager refuses P-REJECT's messages for their content (parked at once) and NAKs the
    // first attempt of each of P3's messages with a passing error (delivered on the retry).
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start();
        ScriptedMllpReceiver alertManager =
            new ScriptedMllpReceiver(ScriptedMllpReceiver.refusingAndFailingOnce(REJECTED_PATIENT, FLAKY_PATIENT));
        RecordingFhirServer fhir = new RecordingFhirServer(n -> 201)) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);
      BridgeConfig config = BridgeConfig.of(Map.of(
          BridgeConfig.BOOTSTRAP.name(), broker.bootstrapServers(),
          BridgeConfig.HL7_ENDPOINT.name(), "127.0.0.1:" + alertManager.port(),
          BridgeConfig.FHIR_URL.name(), fhir.base().toString(),
          BridgeConfig.MAX_ATTEMPTS.name(), "3",
          BridgeConfig.INITIAL_BACKOFF.name(), "10",
          BridgeConfig.MAX_BACKOFF.name(), "40",
          BridgeConfig.HL7_STATUS_PORT.name(), "0"));

      // Batch 1: five patients' whole episodes, two changes the Alert Manager refuses, one record that is no Alarm.
      List<Alarm> batch1 = new ArrayList<>();
      for (int seq = 0; seq < EPISODE.size(); seq++) {
        for (String patient : PATIENTS) {
          batch1.add(Alarms.ventricularFibrillation(patient, seq, EPISODE.get(seq)));
        }
      }
      batch1.add(Alarms.ventricularFibrillation(REJECTED_PATIENT, 0, AlarmState.RAISED));
      batch1.add(Alarms.ventricularFibrillation(REJECTED_PATIENT, 1, AlarmState.CLEARED));
      publish(broker, batch1, true);

      try (AlertBridgeRuntime bridge = AlertBridgeRuntime.start(config)) {
        Await.until(Duration.ofSeconds(30), () -> committedToEnd(broker), () -> "committed " + committed(broker)
            + ", HL7 accepted " + alertManager.accepted().size() + ", FHIR " + fhir.stored().size());
        assertThat(bridge.inFlight()).isZero();

        // The Alert Manager reports that nurse N123 acknowledged P1's alarm: it arrives on ecg.acks.
        try (MllpConnection am = new MllpConnection("127.0.0.1", bridge.statusListenerPort().getAsInt(), null,
            Duration.ofSeconds(2), Duration.ofSeconds(10))) {
          String answer = am.exchange(AlertStatusReports.report("AM-1", "P1", batch1.get(0).getAlarmId(), "alert-acknowledged", "N123"));
          assertThat(answer).contains("MSA|AA|AM-1");
        }
        List<ConsumerRecord<String, byte[]>> acks = readAll(broker, EcgTopics.ACKS.name(), 1);
        assertThat(acks).singleElement().satisfies(r -> {
          assertThat(r.key()).isEqualTo("P1");
          AlarmAck ack = EcgSerdes.acks().deserialize(r.value());
          assertThat(ack.getAlarmId()).isEqualTo(batch1.get(0).getAlarmId());
          assertThat(ack.getAcknowledgedBy()).isEqualTo("N123");
          assertThat(ack.getSource()).isEqualTo("hl7");
        });
      }

      // HL7: each of the 20 deliverable changes accepted exactly once, each patient's in episode order.
      assertThat(acceptedControlIds(alertManager)).hasSize(20).doesNotHaveDuplicates();
      for (String patient : PATIENTS) {
        assertThat(alertManager.accepted().stream().filter(r -> r.patientId().equals(patient)).map(Received::stateSeq))
            .as(patient).containsExactly(0, 1, 2, 3);
      }
      assertThat(alertManager.received().stream().filter(r -> r.patientId().equals(FLAKY_PATIENT))).hasSize(8);
      // FHIR took all 22 changes, one resource each.
      assertThat(fhir.stored()).hasSize(22);
      // Parked: the two refused changes (HL7 channel) and the undecodable record, with their reasons.
      List<ConsumerRecord<String, byte[]>> parked = readAll(broker, EcgTopics.ALERTS_PARKED.name(), 3);
      assertThat(parked).extracting(r -> header(r, KafkaParkingLot.CHANNEL)).containsExactlyInAnyOrder("hl7", "hl7", "decode");
      assertThat(parked).filteredOn(r -> header(r, KafkaParkingLot.CHANNEL).equals("hl7"))
          .allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(REJECTED_PATIENT);
            assertThat(header(r, KafkaParkingLot.REASON)).isEqualTo("rejected: AE 101");
            assertThat(EcgSerdes.alarms().deserialize(r.value()).getPatientId()).isEqualTo(REJECTED_PATIENT);
          });

      // Batch 2 after a restart: only the new changes are delivered; nothing of batch 1 again.
      int receivedBefore = alertManager.received().size();
      List<Alarm> batch2 = new ArrayList<>();
      for (String patient : PATIENTS) {
        batch2.add(Alarms.heartRateHigh(patient, 0, AlarmState.RAISED, 140));
      }
      publish(broker, batch2, false);
      try (AlertBridgeRuntime restarted = AlertBridgeRuntime.start(config)) {
        Await.until(Duration.ofSeconds(20), () -> committedToEnd(broker), () -> "committed " + committed(broker));
      }
      List<Received> afterRestart = alertManager.received().subList(receivedBefore, alertManager.received().size());
      // Nothing of batch 1 was sent again; each new change was accepted once (P3's after its scripted NAK).
      assertThat(afterRestart).extracting(Received::alarmId).doesNotContainAnyElementsOf(
          batch1.stream().map(Alarm::getAlarmId).toList());
      assertThat(afterRestart).filteredOn(r -> r.answer() instanceof ScriptedMllpReceiver.Answer.Accept)
          .extracting(Received::alarmId)
          .containsExactlyInAnyOrderElementsOf(batch2.stream().map(Alarm::getAlarmId).toList());
      assertThat(afterRestart).hasSize(6);
      assertThat(fhir.stored()).hasSize(27);
      assertThat(readAll(broker, EcgTopics.ALERTS_PARKED.name(), 3)).hasSize(3);
    }
  }

  private static void publish(EmbeddedKafkaBroker broker, List<Alarm> alarms, boolean withGarbage) throws Exception {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
      for (Alarm alarm : alarms) {
        producer.send(new ProducerRecord<>(EcgTopics.ALERTS.name(), alarm.getPatientId(), EcgSerdes.alarms().serialize(alarm))).get();
      }
      if (withGarbage) {
        producer.send(new ProducerRecord<>(EcgTopics.ALERTS.name(), "P9", "not an alarm".getBytes(StandardCharsets.UTF_8))).get();
      }
    }
  }

  private static Set<String> acceptedControlIds(ScriptedMllpReceiver receiver) {
    return receiver.accepted().stream().map(Received::controlId).collect(Collectors.toSet());
  }

  private static Map<TopicPartition, Long> committed(EmbeddedKafkaBroker broker) {
    try (Admin admin = admin(broker)) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
          BridgeConfig.GROUP_ID.defaultValue()).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, Long> result = new HashMap<>();
      offsets.forEach((p, o) -> result.put(p, o == null ? -1 : o.offset()));
      return result;
    } catch (Exception e) {
      return Map.of();
    }
  }

  private static boolean committedToEnd(EmbeddedKafkaBroker broker) {
    try (Admin admin = admin(broker)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < EcgTopics.ALERTS.partitions(); p++) {
        latest.put(new TopicPartition(EcgTopics.ALERTS.name(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> committed = committed(broker);
      var ends = admin.listOffsets(latest).all().get();
      return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
          || committed.getOrDefault(e.getKey(), -1L) == e.getValue().offset());
    } catch (Exception e) {
      return false;
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
    List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    // Assigned, not subscribed: no consumer group to join, so reading is quick.
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      // Read until the expected count is there, then one more poll to catch any surplus.
      while (records.size() < expected && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }
    return records;
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
