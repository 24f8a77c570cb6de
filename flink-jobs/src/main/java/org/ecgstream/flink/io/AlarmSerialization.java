package org.ecgstream.flink.io;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;

/** How records leave the job for Kafka (alerts, labels, dead letters): keys and Avro single-object values. */
public final class AlarmSerialization {

  private AlarmSerialization() {}

  /** Alerts are keyed by patient, so one patient's alarm states stay in order on one partition. */
  public static final class PatientKey implements SerializationSchema<Alarm> {
    @Override
    public byte[] serialize(Alarm alarm) {
      return alarm.getPatientId().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The alarm as an Avro single-object record. */
  public static final class AlarmValue implements SerializationSchema<Alarm> {
    @Override
    public byte[] serialize(Alarm alarm) {
      return EcgSerdes.alarms().serialize(alarm);
    }
  }

  /** Labels are keyed by patient too. */
  public static final class LabelPatientKey implements SerializationSchema<EcgLabel> {
    @Override
    public byte[] serialize(EcgLabel label) {
      return label.getPatientId().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A window's labels as an Avro single-object record. */
  public static final class LabelValue implements SerializationSchema<EcgLabel> {
    @Override
    public byte[] serialize(EcgLabel label) {
      return EcgSerdes.labels().serialize(label);
    }
  }

  /** Vitals are keyed by patient, like the alerts. */
  public static final class VitalsPatientKey implements SerializationSchema<PatientVitals> {
    @Override
    public byte[] serialize(PatientVitals vitals) {
      return vitals.getPatientId().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A patient's vitals as an Avro single-object record. */
  public static final class VitalsValue implements SerializationSchema<PatientVitals> {
    @Override
    public byte[] serialize(PatientVitals vitals) {
      return EcgSerdes.vitals().serialize(vitals);
    }
  }

  /** A dead letter as an Avro single-object record. */
  public static final class RejectedValue implements SerializationSchema<RejectedRecord> {
    @Override
    public byte[] serialize(RejectedRecord rejected) {
      return EcgSerdes.rejectedRecords().serialize(rejected);
    }
  }
}
