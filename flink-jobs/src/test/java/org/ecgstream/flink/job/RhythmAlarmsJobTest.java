package org.ecgstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.replay.RecordReplayer;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alarm job's life-threatening and technical alarms, on real recordings replayed as frames. */
@Timeout(180)
class RhythmAlarmsJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final long T0 = 1_700_000_000_000L;
  private static final AlarmJobConfig CONFIG = AlarmJobConfig.defaults("unused:9092");


  @Test
  void ventricularFibrillationInCu01RaisesAHighPriorityAlarmWithinTenSecondsOfOnset() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("cudb"), "cu01");
    List<EcgFrame> frames = frames(new RecordReplayer(record, "cu01-monitor", T0, 250, Map.of("ECG", Lead.II)), "p-cu01", 260);

    List<Alarm> alarms = run(frames);

    Alarm vf = raised(alarms, RhythmAlarms.VENTRICULAR_FIBRILLATION);
    assertThat(vf.getPriority()).isEqualTo(AlarmPriority.HIGH);
    assertThat(vf.getCategory()).isEqualTo(AlarmCategory.CLINICAL);
    assertThat((vf.getEventTimeMillis() - T0) / 1000.0).isBetween(214.2, 224.2);
    assertThat(vf.getEvidence().get("detector")).contains("leakage");
  }

  @Test
  void asystoleRaisesHighPriorityAlarmWithinTenSecondsLatchesAfterRecoveryAndEscalatesUnacknowledged() throws Exception {
    List<Alarm> alarms = run(asystoleFrames());

    Alarm asystole = raised(alarms, RhythmAlarms.ASYSTOLE);
    assertThat(asystole.getPriority()).isEqualTo(AlarmPriority.HIGH);
    assertThat(asystole.getEventTimeMillis() - T0).as("alarm time from start").isBetween(30_000L, 40_000L);
    List<Alarm> episode = alarms.stream().filter(a -> a.getAlarmId().equals(asystole.getAlarmId())).toList();
    // The heart beats again at 42 s, but nobody acknowledged: the alarm stays, latched, and is
    // escalated 60 s after onset. It is never cleared without an acknowledgement.
    assertThat(episode).extracting(Alarm::getState)
        .containsExactly(AlarmState.RAISED, AlarmState.UPDATED, AlarmState.ESCALATED);
    assertThat(episode).extracting(Alarm::getStateSeq).containsExactly(0, 1, 2);
    assertThat(episode.get(1).getEventTimeMillis() - T0).isBetween(42_000L, 45_000L);
    assertThat(episode.get(1).getEvidence().get("note")).contains("latched");
    assertThat(episode.get(2).getEventTimeMillis()).isEqualTo(asystole.getOnsetTimeMillis() + 60_000);
    assertThat(alarms).noneMatch(a -> a.getKind().equals(RhythmAlarms.LEAD_OFF));
  }

  @Test
  void acknowledgedLatchedAsystoleClearsAndCarriesWhoAcknowledged() throws Exception {
    List<EcgFrame> frames = asystoleFrames();
    Alarm asystole = raised(run(frames), RhythmAlarms.ASYSTOLE);
    AlarmAck ack = AlarmAck.newBuilder().setAlarmId(asystole.getAlarmId()).setPatientId("p-100")
        .setAcknowledgedBy("nurse.k").setAcknowledgedAtMillis(T0 + 50_000).setSource("dashboard").build();

    List<Alarm> episode = TestJobs.alarmsFor(frames, List.of(ack), 1, CONFIG).stream()
        .filter(a -> a.getAlarmId().equals(asystole.getAlarmId())).toList();

    assertThat(episode).extracting(Alarm::getState)
        .containsExactly(AlarmState.RAISED, AlarmState.UPDATED, AlarmState.ACKNOWLEDGED, AlarmState.CLEARED);
    assertThat(episode.get(2).getEvidence()).containsEntry("acknowledgedBy", "nurse.k");
    assertThat(episode.get(3).getEventTimeMillis()).isEqualTo(T0 + 50_000);
  }

  /** MIT-BIH 100 for 60 s, with the heart stopped from 30 s to 42 s: a few ADC units of noise on both leads. */
  private static List<EcgFrame> asystoleFrames() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("mitdb"), "100");
    List<EcgFrame> frames = frames(new RecordReplayer(record, "m100", T0, 250, Map.of()), "p-100", 60);
    Random noise = new Random(3);
    replaceSamples(frames, 30_000, 42_000, () -> (short) (1024 - 60 + Math.round(4 * noise.nextGaussian())));
    return frames;
  }

  @Test
  void leadOffGivesATechnicalAlarmAndNoAsystole() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("mitdb"), "100");
    List<EcgFrame> frames = frames(new RecordReplayer(record, "m100", T0, 250, Map.of()), "p-100", 60);
    replaceSamples(frames, 20_000, 35_000, () -> Int16Samples.INVALID);

    List<Alarm> alarms = run(frames);

    Alarm leadOff = raised(alarms, RhythmAlarms.LEAD_OFF);
    assertThat(leadOff.getCategory()).isEqualTo(AlarmCategory.TECHNICAL);
    assertThat(leadOff.getEventTimeMillis() - T0).isBetween(20_000L, 21_500L);
    assertThat(alarms).noneMatch(a -> a.getKind().equals(RhythmAlarms.ASYSTOLE) || a.getKind().equals(RhythmAlarms.VENTRICULAR_FIBRILLATION));
    assertThat(alarms).anyMatch(a -> a.getKind().equals(RhythmAlarms.LEAD_OFF) && a.getState() == AlarmState.CLEARED);
  }

  @Test
  void electrodeMotionNoiseOnEveryLeadGivesATechnicalNoiseAlarmThatClearsWhenTheNoiseStops() throws Exception {
    // NSTDB 118e00 from 240 s to 480 s: record 118 clean until 300 s, electrode-motion noise at 0 dB
    // on both leads from 300 s to 420 s, clean again after (NSTDB README).
    WfdbRecord record = WfdbRecord.read(data("nstdb"), "118e00");
    List<EcgFrame> frames = frames(new RecordReplayer(record, "nst118", T0, 250, Map.of()), "p-118", 480).stream()
        .filter(f -> f.getDeviceTimeMillis() - T0 >= 240_000).toList();

    List<Alarm> alarms = run(frames);

    Alarm noise = raised(alarms, RhythmAlarms.NOISE);
    assertThat(noise.getCategory()).isEqualTo(AlarmCategory.TECHNICAL);
    assertThat(noise.getPriority()).isEqualTo(AlarmPriority.MEDIUM);
    // On MLII this first segment's noise is milder (bSQI 0.8-0.9 for its first 25 s): NOISE comes
    // when both leads are noisy, inside the segment.
    assertThat(noise.getEventTimeMillis() - T0).as("raised while the noise lasts (300-420 s)").isBetween(300_000L, 340_000L);
    // The evidence names each lead and its index values.
    assertThat(noise.getEvidence().get("detector")).contains("II noisy (bSQI", "V1 noisy (bSQI", "0.5-1 Hz");
    List<Alarm> cleared = alarms.stream()
        .filter(a -> a.getAlarmId().equals(noise.getAlarmId()) && a.getState() == AlarmState.CLEARED).toList();
    assertThat(cleared).hasSize(1);
    assertThat(cleared.get(0).getEventTimeMillis() - T0).as("cleared after the noise stops at 420 s").isBetween(420_000L, 450_000L);
    assertThat(alarms).filteredOn(a -> a.getKind().equals(RhythmAlarms.NOISE) && a.getState() == AlarmState.RAISED).hasSize(1);
    // Noise makes beats, not silence: no asystole and no lead-off.
    assertThat(alarms).noneMatch(a -> a.getKind().equals(RhythmAlarms.ASYSTOLE) || a.getKind().equals(RhythmAlarms.LEAD_OFF));
  }

  @Test
  void atrialFibrillationRaisesALowPriorityAlarm() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("mitdb"), "221");
    List<EcgFrame> frames = frames(new RecordReplayer(record, "m221", T0, 250, Map.of()), "p-221", 90);

    Alarm af = raised(run(frames), RhythmAlarms.ATRIAL_FIBRILLATION);
    assertThat(af.getPriority()).isEqualTo(AlarmPriority.LOW);
    assertThat(af.getEventTimeMillis() - T0).isLessThan(30_000L);
  }

  @Test
  void challenge2015FalseAsystoleRecordRaisesNoAsystoleAlarm() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("challenge2015"), "a103l");
    List<EcgFrame> frames = frames(new RecordReplayer(record, "a103l", T0, 250, Map.of("V", Lead.V1)), "p-a103l", 400);

    assertThat(run(frames)).noneMatch(a -> a.getKind().equals(RhythmAlarms.ASYSTOLE));
  }

  private static Alarm raised(List<Alarm> alarms, String kind) {
    return alarms.stream().filter(a -> a.getKind().equals(kind) && a.getState() == AlarmState.RAISED).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " alarm raised; alarms: " + alarms));
  }

  private static List<EcgFrame> frames(RecordReplayer replayer, String patient, int seconds) {
    List<EcgFrame> frames = new ArrayList<>();
    while (replayer.hasNext()) {
      EcgFrame frame = replayer.next();
      if (frame.getDeviceTimeMillis() - T0 >= seconds * 1000L) {
        break;
      }
      frame.setPatientId(patient);
      frame.setBedId("bed-" + patient);
      frames.add(frame);
    }
    return frames;
  }

  private static void replaceSamples(List<EcgFrame> frames, long fromMillis, long toMillis, java.util.function.Supplier<Short> sample) {
    for (EcgFrame frame : frames) {
      long offset = frame.getDeviceTimeMillis() - T0;
      if (offset >= fromMillis && offset < toMillis) {
        List<java.nio.ByteBuffer> leads = new ArrayList<>();
        for (java.nio.ByteBuffer lead : frame.getSamples()) {
          short[] values = new short[Int16Samples.count(lead)];
          for (int i = 0; i < values.length; i++) {
            values[i] = sample.get();
          }
          leads.add(Int16Samples.pack(values));
        }
        frame.setSamples(leads);
      }
    }
  }

  private static List<Alarm> run(List<EcgFrame> frames) throws Exception {
    return TestJobs.alarmsFor(frames, 1, CONFIG);
  }

  private static Path data(String sub) {
    return SharedData.folder(sub);
  }
}
