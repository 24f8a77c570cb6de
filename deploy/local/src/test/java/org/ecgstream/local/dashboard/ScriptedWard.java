package org.ecgstream.local.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SimulatedBed;

/**
 * A ward on the topics the dashboard reads, without the processing in between: simulated beds'
 * 12-lead frames go to ecg.frames in real time (bound to patient and bed as ingest would), alarms
 * and labels are written as scripted, and acknowledgements on ecg.acks are answered with the
 * ACKNOWLEDGED state change the alarm job emits (same episode, next state sequence, who and via
 * what in the evidence). The alarm job's own handling of acknowledgements is tested in flink-jobs.
 */
final class ScriptedWard implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final List<SimulatedBed> beds;
  private final Map<String, Alarm> raised = new java.util.concurrent.ConcurrentHashMap<>();
  private final List<AlarmAck> acks = new CopyOnWriteArrayList<>();
  private final Thread frames;
  private final Thread alarmJob;
  private final String servers;
  private volatile boolean running = true;

  ScriptedWard(String servers, List<BedScript> scripts, int sampleRateHz) {
    this.servers = servers;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
    long start = System.currentTimeMillis();
    List<SimulatedBed> list = new ArrayList<>();
    for (BedScript s : scripts) {
      list.add(new SimulatedBed(s, StandardLeads.TWELVE, sampleRateHz, 250, start, list.size() + 1));
    }
    this.beds = list;
    this.frames = new Thread(this::streamFrames, "scripted-ward-frames");
    this.alarmJob = new Thread(this::answerAcks, "scripted-alarm-job");
    frames.start();
    alarmJob.start();
  }

  private void streamFrames() {
    while (running) {
      long now = System.currentTimeMillis();
      for (SimulatedBed bed : beds) {
        while (bed.nextFrameTimeMillis() <= now) {
          EcgFrame f = bed.nextFrame();
          f.setPatientId(bed.script().patientId());
          f.setBedId(bed.script().bedId());
          producer.send(new ProducerRecord<>(EcgTopics.FRAMES.name(), bed.script().patientId(), EcgSerdes.frames().serialize(f)));
        }
      }
      try {
        Thread.sleep(50); // pacing real time, not synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void answerAcks() {
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.GROUP_ID_CONFIG, "scripted-alarm-job-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(EcgTopics.ACKS.name()));
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          AlarmAck ack = EcgSerdes.acks().deserialize(r.value());
          acks.add(ack);
          Alarm episode = raised.get(ack.getAlarmId());
          if (episode != null) {
            Map<String, String> evidence = new java.util.HashMap<>(episode.getEvidence());
            evidence.put("acknowledgedBy", ack.getAcknowledgedBy());
            evidence.put("acknowledgedVia", ack.getSource());
            alarm(Alarm.newBuilder(episode).setStateSeq(episode.getStateSeq() + 1).setState(AlarmState.ACKNOWLEDGED)
                .setEventTimeMillis(ack.getAcknowledgedAtMillis()).setEvidence(evidence).build());
          }
        }
      }
    }
  }

  /** Writes an alarm state change as the job would (keyed by patient). */
  void alarm(Alarm change) {
    raised.put(change.getAlarmId(), change);
    producer.send(new ProducerRecord<>(EcgTopics.ALERTS.name(), change.getPatientId(), EcgSerdes.alarms().serialize(change)));
    producer.flush();
  }

  void label(EcgLabel label) {
    producer.send(new ProducerRecord<>(EcgTopics.LABELS.name(), label.getPatientId(), EcgSerdes.labels().serialize(label)));
    producer.flush();
  }

  void model(ModelVersion version) {
    producer.send(new ProducerRecord<>(EcgTopics.MODELS.name(), version.getModelName() + "/" + version.getStage(),
        EcgSerdes.modelVersions().serialize(version)));
    producer.flush();
  }

  /** Acknowledgements read from ecg.acks so far. */
  List<AlarmAck> acks() {
    return acks;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    frames.interrupt();
    frames.join(5000);
    alarmJob.join(5000);
    producer.close(Duration.ofSeconds(5));
  }
}
