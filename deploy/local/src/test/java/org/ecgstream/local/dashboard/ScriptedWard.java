package org.ecgstream.local.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SimulatedBed;

/**
 * A ward on the topics the dashboard reads, without the processing in between: simulated beds'
 * 12-lead frames go to ecg.frames in real time (bound to patient and bed as ingest would), alarms,
 * labels and model versions are written as scripted. Acknowledgements against the real alarm job
 * are {@link DashboardPipelineBrowserTest}'s.
 */
final class ScriptedWard implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final List<SimulatedBed> beds;
  private final Thread frames;
  private volatile boolean running = true;

  ScriptedWard(String servers, List<BedScript> scripts, int sampleRateHz) {
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
    long start = System.currentTimeMillis();
    List<SimulatedBed> list = new ArrayList<>();
    for (BedScript s : scripts) {
      list.add(new SimulatedBed(s, StandardLeads.TWELVE, sampleRateHz, 250, start, list.size() + 1));
    }
    this.beds = list;
    this.frames = new Thread(this::streamFrames, "scripted-ward-frames");
    frames.start();
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

  /** Writes an alarm state change as the job would (keyed by patient). */
  void alarm(Alarm change) {
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

  @Override
  public void close() throws InterruptedException {
    running = false;
    frames.interrupt();
    frames.join(5000);
    producer.close(Duration.ofSeconds(5));
  }
}
