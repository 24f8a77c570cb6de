package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.schemas.BeatAnnotation;
import org.ecgstream.schemas.BeatClass;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.TruthEvent;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./ecg simulate} against a real (embedded) broker: every frame of every bed arrives, in order per device. */
@Timeout(120)
class SimulateCommandTest {

  @Test
  void everyFrameOfEveryBedArrivesInSequenceOrderPerDevice() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);

      int code = EcgCli.commandLine().execute("simulate", "--bootstrap", broker.bootstrapServers(),
          "--beds", "3", "--duration", "5s", "--speed", "0");

      assertThat(code).isZero();
      List<EcgFrame> frames = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.RAW.name(), 3 * 20).stream()
          .map(bytes -> EcgSerdes.frames().deserialize(bytes)).toList();
      assertThat(frames).hasSize(3 * 20);
      for (String device : List.of("monitor-01", "monitor-02", "monitor-03")) {
        assertThat(frames.stream().filter(f -> f.getDeviceId().equals(device)).map(EcgFrame::getSeq).toList())
            .as(device).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L);
      }
      assertThat(TopicValues.readAll(broker.bootstrapServers(), EcgTopics.ADMISSIONS.name(), 3).stream()
          .map(bytes -> EcgSerdes.admissions().deserialize(bytes).getPatientId()).toList())
          .containsExactlyInAnyOrder("sim-patient-01", "sim-patient-02", "sim-patient-03");
    }
  }

  @Test
  void aScenarioFileStreamsItsOwnBedsWithTheirLimitsAndElectrodesOff() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);

      // arrests.json: 4 beds for 2 minutes; bed-l's electrodes are off from 30 s to 60 s.
      int code = EcgCli.commandLine().execute("simulate", "--bootstrap", broker.bootstrapServers(),
          "--scenario", "src/test/resources/scenarios/arrests.json", "--speed", "0");

      assertThat(code).isZero();
      List<EcgFrame> frames = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.RAW.name(), 4 * 480).stream()
          .map(bytes -> EcgSerdes.frames().deserialize(bytes)).toList();
      assertThat(frames).hasSize(4 * 480);
      List<EcgFrame> leadOff = frames.stream().filter(f -> f.getLeadOff().contains(true)).toList();
      assertThat(leadOff).hasSize(120).allMatch(f -> f.getDeviceId().equals("sim-monitor-03"));
      assertThat(leadOff).extracting(EcgFrame::getSeq).contains(120L, 239L).doesNotContain(119L, 240L);
    }
    assertThat(EcgCli.commandLine().execute("simulate", "--bootstrap", "localhost:1", "--scenario", "no-such.json")).isEqualTo(2);
  }

  @Test
  void replayStreamsARealRecordAsADeviceAdmittedToItsPatient() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);
      String mitdb = org.ecgstream.core.testdata.SharedData.folder("mitdb").toString();

      int code = EcgCli.commandLine().execute("replay", "--bootstrap", broker.bootstrapServers(), "--db", mitdb,
          "--record", "100", "--record", "207", "--duration", "10s", "--speed", "0");

      assertThat(code).isZero();
      // 10 s in 250 ms frames at 360 Hz: 40 frames of 90 samples per record, MLII as lead II.
      List<EcgFrame> frames = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.RAW.name(), 80).stream()
          .map(bytes -> EcgSerdes.frames().deserialize(bytes)).toList();
      assertThat(frames).hasSize(80);
      assertThat(frames).extracting(EcgFrame::getDeviceId).containsOnly("replay-100", "replay-207");
      assertThat(frames).allSatisfy(f -> {
        assertThat(f.getSampleRateHz()).isEqualTo(360);
        assertThat(f.getLeads()).contains(org.ecgstream.schemas.Lead.II);
        assertThat(f.getSamples().get(0).remaining()).isEqualTo(2 * 90);
      });
      assertThat(TopicValues.readAll(broker.bootstrapServers(), EcgTopics.ADMISSIONS.name(), 2).stream()
          .map(bytes -> EcgSerdes.admissions().deserialize(bytes).getPatientId()).toList())
          .containsExactlyInAnyOrder("replay-patient-100", "replay-patient-207");
    }
    assertThat(EcgCli.commandLine().execute("replay", "--bootstrap", "localhost:1", "--db", "/nonexistent", "--record", "1"))
        .isEqualTo(2);
  }

  @Test
  void aTwelveLeadScenarioStreamsFramesAndGroundTruthCompleteAndInOrderPerDevice() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);

      // twelve-lead-truth.json: 3 beds for 20 s at 500 Hz; bed-a sinus 60 then AF from 10 s; bed-b bigeminy at 80 bpm,
      // electrodes off (railed) 12-16 s; bed-c complete AV block with a 36 bpm ventricular escape, 60 Hz mains 5-10 s.
      java.nio.file.Path truthFile = java.nio.file.Files.createTempFile("truth", ".jsonl");
      int code = EcgCli.commandLine().execute("simulate", "--bootstrap", broker.bootstrapServers(),
          "--scenario", "src/test/resources/scenarios/twelve-lead-truth.json", "--speed", "0", "--truth-file", truthFile.toString());

      assertThat(code).isZero();
      List<EcgFrame> frames = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.RAW.name(), 3 * 80).stream()
          .map(bytes -> EcgSerdes.frames().deserialize(bytes)).toList();
      List<EcgTruth> truth = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.TRUTH.name(), 3 * 80).stream()
          .map(bytes -> EcgSerdes.truth().deserialize(bytes)).toList();
      assertThat(frames).hasSize(3 * 80);
      assertThat(truth).hasSize(3 * 80);
      List<Long> seqs = java.util.stream.LongStream.range(0, 80).boxed().toList();
      for (String device : List.of("sim-monitor-01", "sim-monitor-02", "sim-monitor-03")) {
        assertThat(frames.stream().filter(f -> f.getDeviceId().equals(device)).map(EcgFrame::getSeq).toList()).as(device)
            .isEqualTo(seqs);
        List<EcgTruth> own = truth.stream().filter(t -> t.getDeviceId().equals(device)).toList();
        assertThat(own).extracting(EcgTruth::getFrameSeq).as(device).isEqualTo(seqs);
        assertThat(own.stream().flatMap(t -> t.getBeats().stream()).map(BeatAnnotation::getRPeakSample).toList()).as(device)
            .isSorted();
      }
      long start = frames.stream().mapToLong(EcgFrame::getDeviceTimeMillis).min().orElseThrow();

      List<BeatAnnotation> bedA = beatsOf(truth, "sim-monitor-01");
      assertThat(bedA).extracting(BeatAnnotation::getBeatClass).containsOnly(BeatClass.NORMAL);
      assertThat(bedA.stream().filter(b -> b.getRPeakSample() < 10 * 500).count()).isBetween(9L, 11L);
      assertThat(bedA.stream().filter(b -> b.getRPeakSample() >= 10 * 500).count()).isBetween(16L, 24L);
      assertThat(eventsOf(truth, "sim-monitor-01")).extracting(TruthEvent::getKind, e -> e.getOnsetMillis() - start)
          .containsExactly(tuple("SINUS", 0L), tuple("ATRIAL_FIBRILLATION", 10_000L));

      List<BeatClass> bedB = beatsOf(truth, "sim-monitor-02").stream().map(BeatAnnotation::getBeatClass).toList();
      for (int i = 1; i < bedB.size(); i++) {
        assertThat(bedB.get(i)).as("bigeminy alternates").isNotEqualTo(bedB.get(i - 1));
      }
      assertThat(eventsOf(truth, "sim-monitor-02")).extracting(TruthEvent::getKind, TruthEvent::getDetail)
          .contains(tuple("VENTRICULAR_BIGEMINY", null), tuple("LEAD_OFF", "railed"));
      assertThat(frames.stream().filter(f -> f.getDeviceId().equals("sim-monitor-02") && f.getLeadOff().contains(true)))
          .extracting(EcgFrame::getSeq).isEqualTo(java.util.stream.LongStream.range(48, 64).boxed().toList());

      assertThat(beatsOf(truth, "sim-monitor-03")).extracting(BeatAnnotation::getBeatClass).hasSizeBetween(10, 13)
          .containsOnly(BeatClass.VENTRICULAR_ESCAPE);
      assertThat(eventsOf(truth, "sim-monitor-03")).extracting(TruthEvent::getKind, e -> e.getOnsetMillis() - start,
          e -> e.getOffsetMillis() == null ? null : e.getOffsetMillis() - start).contains(tuple("MAINS", 5_000L, 10_000L));

      // --truth-file: the same truth as JSON lines, in generation order (bed after bed, frame after frame).
      List<String> lines = java.nio.file.Files.readAllLines(truthFile);
      assertThat(lines).hasSize(3 * 80);
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      assertThat(json.readTree(lines.get(3)).path("deviceId").asText()).isEqualTo("sim-monitor-01");
      assertThat(json.readTree(lines.get(3)).path("frameSeq").asLong()).isEqualTo(1);
      long beatsInFile = 0;
      for (String line : lines) {
        beatsInFile += json.readTree(line).path("beats").size();
      }
      assertThat(beatsInFile).isEqualTo(truth.stream().mapToLong(t -> t.getBeats().size()).sum());
      java.nio.file.Files.delete(truthFile);
    }
  }

  @Test
  void withReportsEveryBedGetsItsCardiologistsReportsSignedTheDelayAfterTheirSpan() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);

      int code = EcgCli.commandLine().execute("simulate", "--bootstrap", broker.bootstrapServers(),
          "--beds", "2", "--duration", "70s", "--speed", "0", "--reports", "--report-every", "30s",
          "--report-delay", "2m");

      assertThat(code).isZero();
      // 70 s, a report on each bed at 0, 30 and 60 s (demo beds 1 and 2 keep one reading throughout).
      List<org.ecgstream.schemas.EcgReport> reports = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.REPORTS.name(), 6)
          .stream().map(bytes -> EcgSerdes.reports().deserialize(bytes)).toList();
      assertThat(reports).hasSize(6).allSatisfy(r -> {
        assertThat(r.getPatientId()).startsWith("sim-patient-0");
        assertThat(r.getRecordingEndMillis() - r.getRecordingStartMillis()).isEqualTo(10_000);
        assertThat(r.getSignedAtMillis() - r.getRecordingEndMillis()).isEqualTo(120_000);
        assertThat(r.getText()).isNotBlank();
      });
    }
  }

  @Test
  void scenarioTransportFaultsHitTheFramesButNeverTheTruth() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);

      // transport-faults.json: 4 beds, 2 min at 250 Hz, 1% drop/duplicate/reorder, 0.5% late/malformed; bed-02 clock +500 ppm.
      int code = EcgCli.commandLine().execute("simulate", "--bootstrap", broker.bootstrapServers(),
          "--scenario", "../../simulators/scenarios/transport-faults.json", "--speed", "0");

      assertThat(code).isZero();
      int generated = 4 * 480;
      List<EcgTruth> truth = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.TRUTH.name(), generated).stream()
          .map(bytes -> EcgSerdes.truth().deserialize(bytes)).toList();
      assertThat(truth).hasSize(generated);
      List<byte[]> raw = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.RAW.name(), (int) recordsOn(broker.bootstrapServers(),
          EcgTopics.RAW.name()));
      List<EcgFrame> decoded = new ArrayList<>();
      int malformed = 0;
      for (byte[] bytes : raw) {
        try {
          decoded.add(EcgSerdes.frames().deserialize(bytes));
        } catch (RuntimeException e) {
          malformed++;
        }
      }
      assertThat(malformed).isPositive();
      long distinct = decoded.stream().map(f -> f.getDeviceId() + "/" + f.getSeq()).distinct().count();
      assertThat(distinct).as("some frames dropped").isLessThan(generated - malformed);
      assertThat((long) decoded.size()).as("some frames duplicated").isGreaterThan(distinct);
      List<Long> order = decoded.stream().filter(f -> f.getDeviceId().equals("sim-monitor-01")).map(EcgFrame::getSeq).toList();
      assertThat(order).as("some frames out of order").isNotEqualTo(order.stream().sorted().toList());
      EcgFrame drifting = decoded.stream().filter(f -> f.getDeviceId().equals("sim-monitor-02") && f.getSeq() >= 400)
          .findFirst().orElseThrow();
      EcgFrame exact = decoded.stream().filter(f -> f.getDeviceId().equals("sim-monitor-01") && f.getSeq() == drifting.getSeq())
          .findFirst().orElse(null);
      if (exact != null) {
        // 100 s or more into the run, +500 ppm is 50 ms or more ahead.
        assertThat(drifting.getDeviceTimeMillis() - exact.getDeviceTimeMillis()).isBetween(50L, 60L);
      }
    }
  }

  private static List<BeatAnnotation> beatsOf(List<EcgTruth> truth, String device) {
    return truth.stream().filter(t -> t.getDeviceId().equals(device)).flatMap(t -> t.getBeats().stream()).toList();
  }

  private static List<TruthEvent> eventsOf(List<EcgTruth> truth, String device) {
    return truth.stream().filter(t -> t.getDeviceId().equals(device)).flatMap(t -> t.getEvents().stream()).toList();
  }

  /** How many records {@code topic} holds (its end offsets; the producer has flushed before the command returns). */
  private static long recordsOn(String servers, String topic) {
    try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      var partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  @Test
  void replayedPtbXlRecordsSendTheirRealReportAndOtherDatabasesAreRefused() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);
      String ptbxl = org.ecgstream.core.testdata.SharedData.folder("ptbxl").resolve("records100/00000").toString();

      int code = EcgCli.commandLine().execute("replay", "--bootstrap", broker.bootstrapServers(), "--db", ptbxl,
          "--record", "00001_lr", "--speed", "0", "--reports");

      assertThat(code).isZero();
      assertThat(TopicValues.readAll(broker.bootstrapServers(), EcgTopics.REPORTS.name(), 1).stream()
          .map(bytes -> EcgSerdes.reports().deserialize(bytes)).toList()).singleElement().satisfies(r -> {
            assertThat(r.getPatientId()).isEqualTo("replay-patient-00001_lr");
            assertThat(r.getText()).isEqualTo("sinusrhythmus periphere niederspannung");
            assertThat(r.getRecordingEndMillis() - r.getRecordingStartMillis()).isEqualTo(10_000);
          });
    }
    assertThat(EcgCli.commandLine().execute("replay", "--bootstrap", "localhost:1", "--reports", "--db",
        org.ecgstream.core.testdata.SharedData.folder("mitdb").toString(), "--record", "100")).isEqualTo(2);
  }
}
