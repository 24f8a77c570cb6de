package org.ecgstream.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmLimits;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.ArchivedReport;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.FrameQuality;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.RejectedRecord;

/** Realistic instances of every record, as the services produce them. */
final class SampleRecords {

  static final long T0 = 1_764_000_000_000L;

  private SampleRecords() {}

  /** A 12-lead, 500 Hz, 250 ms frame as ingest emits it (125 int16 samples per lead). */
  static EcgFrame frame() {
    List<ByteBuffer> samples = new ArrayList<>();
    for (int lead = 0; lead < 12; lead++) {
      ByteBuffer b = ByteBuffer.allocate(250).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < 125; i++) {
        b.putShort((short) (200 * Math.sin(i / 8.0 + lead)));
      }
      b.flip();
      samples.add(b);
    }
    List<Boolean> flags = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      flags.add(i == 7);
    }
    return EcgFrame.newBuilder()
        .setDeviceId("monitor-07").setSeq(123_456).setDeviceTimeMillis(T0).setSampleRateHz(500).setGainPerMv(200f)
        .setBaselineAdc(0).setLeads(List.of(Lead.values()).subList(0, 12)).setSamples(samples).setLeadOff(flags)
        .setPatientId("patient-42").setBedId("bed-7")
        .setQuality(FrameQuality.newBuilder().setLeadOff(flags).setSaturated(List.of()).setFlatLine(List.of()).setGapBeforeMillis(250).build())
        .build();
  }

  static RejectedRecord rejected() {
    return RejectedRecord.newBuilder().setReasonCode("UNDECODABLE").setDetail("CORRUPT: bad union index")
        .setSourceTopic("ecg.raw").setSourcePartition(3).setSourceOffset(991)
        .setOriginalKey(ByteBuffer.wrap("monitor-07".getBytes())).setOriginalValue(ByteBuffer.wrap(new byte[] {1, 2, 3}))
        .setRejectedBy("stream-ingest").setRejectedAtMillis(T0).build();
  }

  static Admission admission() {
    return Admission.newBuilder().setDeviceId("monitor-07").setPatientId("patient-42").setBedId("bed-7").setUnit("ICU-2")
        .setEffectiveFromMillis(T0).setLimits(AlarmLimits.newBuilder().setHeartRateLowBpm(45).setHeartRateHighBpm(130).build())
        .build();
  }

  static EcgLabel label() {
    return EcgLabel.newBuilder().setPatientId("patient-42").setWindowStartMillis(T0).setWindowEndMillis(T0 + 10_000)
        .setModelName("cmelt-tiny").setModelVersion("1.2.0").setModelStage("canary")
        .setScores(List.of(new LabelScore("atrial fibrillation", 0.91f), new LabelScore("sinus rhythm", 0.04f)))
        .setEmbedding(List.of(0.1f, -0.2f, 0.3f)).build();
  }

  static Alarm alarm() {
    return Alarm.newBuilder().setAlarmId("patient-42:HEART_RATE_HIGH:" + T0).setStateSeq(0).setPatientId("patient-42")
        .setBedId("bed-7").setKind("HEART_RATE_HIGH").setCategory(AlarmCategory.CLINICAL).setPriority(AlarmPriority.MEDIUM)
        .setState(AlarmState.RAISED).setOnsetTimeMillis(T0).setEventTimeMillis(T0).setValue(151.0).setUnit("bpm")
        .setLimit(120.0).setSource("dsp:heart-rate-limits").setMessage("heart rate 151 bpm above limit 120")
        .setEvidence(Map.of("beats", "25")).build();
  }

  static AlarmAck ack() {
    return AlarmAck.newBuilder().setAlarmId("patient-42:HEART_RATE_HIGH:" + T0).setPatientId("patient-42")
        .setAcknowledgedBy("nurse.station.3").setAcknowledgedAtMillis(T0 + 30_000).setSource("dashboard")
        .setComment("patient agitated").build();
  }

  static ArchivedRecording archived() {
    return ArchivedRecording.newBuilder().setRecordId("rec-1").setPatientId("patient-42").setBedId("bed-7")
        .setStartMillis(T0).setSampleRateHz(500).setGainPerMv(200f).setBaselineAdc(0)
        .setLeads(List.of(Lead.II)).setSamples(List.of(java.nio.ByteBuffer.wrap(new byte[] {1, 0, (byte) 0x00, (byte) 0x80})))
        .setReport(ArchivedReport.newBuilder().setText("sinusrhythmus normales ekg").setLanguage("de").build())
        .setModelVersion("0.1.0").build();
  }

  static EcgReport report() {
    return EcgReport.newBuilder().setRecordId("rec-1").setPatientId("patient-42").setRecordingStartMillis(T0)
        .setRecordingEndMillis(T0 + 10_000).setText("sinusrhythmus linkstyp sonst normales ekg").setLanguage("de")
        .setSignedBy("cardiology").setSignedAtMillis(T0 + 3_600_000).build();
  }

  static ModelVersion modelVersion() {
    return ModelVersion.newBuilder().setModelName("cmelt-tiny").setVersion("1.2.0").setUri("file:models/cmelt-tiny")
        .setSha256("ab".repeat(32)).setStage("production").setCanaryShare(null).setMetrics(Map.of("zeroShotAfAuc", 0.83))
        .setChangedBy("mlops").setChangedAtMillis(T0).setReason("passed gates").build();
  }

  /** A valid rate over the default 10 s window, and the record during an asystole. */
  static PatientVitals vitals() {
    return PatientVitals.newBuilder().setPatientId("patient-42").setBedId("bed-7").setMeasuredAtMillis(T0 + 10_000)
        .setSpanMillis(10_000).setHeartRateValid(true).setHeartRateBpm(72.3).setBeats(12).setSource("dsp:heart-rate").build();
  }

  static PatientVitals vitalsDuringAsystole() {
    return PatientVitals.newBuilder().setPatientId("patient-42").setBedId("bed-7").setMeasuredAtMillis(T0 + 20_000)
        .setSpanMillis(10_000).setHeartRateValid(false).setHeartRateBpm(null).setBeats(0).setInvalidReason("ASYSTOLE")
        .setInvalidDetail("no QRS for 4.0 s on any usable lead").setSource("dsp:heart-rate").build();
  }
}
