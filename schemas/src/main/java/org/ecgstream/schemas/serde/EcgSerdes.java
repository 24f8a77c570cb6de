package org.ecgstream.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.RejectedRecord;

/** One ready serde per record type of the topics; each reads every released version of its schema. */
public final class EcgSerdes {

  private static final AvroSingleObjectSerde<EcgFrame> FRAMES = of(EcgFrame.class, EcgFrame.getClassSchema());
  private static final AvroSingleObjectSerde<RejectedRecord> REJECTED = of(RejectedRecord.class, RejectedRecord.getClassSchema());
  private static final AvroSingleObjectSerde<Admission> ADMISSIONS = of(Admission.class, Admission.getClassSchema());
  private static final AvroSingleObjectSerde<EcgLabel> LABELS = of(EcgLabel.class, EcgLabel.getClassSchema());
  private static final AvroSingleObjectSerde<Alarm> ALARMS = of(Alarm.class, Alarm.getClassSchema());
  private static final AvroSingleObjectSerde<AlarmAck> ACKS = of(AlarmAck.class, AlarmAck.getClassSchema());
  private static final AvroSingleObjectSerde<EcgReport> REPORTS = of(EcgReport.class, EcgReport.getClassSchema());
  private static final AvroSingleObjectSerde<ModelVersion> MODELS = of(ModelVersion.class, ModelVersion.getClassSchema());
  private static final AvroSingleObjectSerde<EcgTruth> TRUTH = of(EcgTruth.class, EcgTruth.getClassSchema());
  private static final AvroSingleObjectSerde<PatientVitals> VITALS = of(PatientVitals.class, PatientVitals.getClassSchema());
  private static final AvroSingleObjectSerde<ArchivedRecording> ARCHIVE =
      of(ArchivedRecording.class, ArchivedRecording.getClassSchema());

  /** Every record type carried on a topic, with its current schema. */
  public static final List<Schema> CURRENT = List.of(
      EcgFrame.getClassSchema(), RejectedRecord.getClassSchema(), Admission.getClassSchema(), EcgLabel.getClassSchema(),
      Alarm.getClassSchema(), AlarmAck.getClassSchema(), EcgReport.getClassSchema(), ModelVersion.getClassSchema(),
      ArchivedRecording.getClassSchema(), EcgTruth.getClassSchema(), PatientVitals.getClassSchema());

  private EcgSerdes() {}

  public static AvroSingleObjectSerde<EcgFrame> frames() {
    return FRAMES;
  }

  public static AvroSingleObjectSerde<RejectedRecord> rejectedRecords() {
    return REJECTED;
  }

  public static AvroSingleObjectSerde<Admission> admissions() {
    return ADMISSIONS;
  }

  public static AvroSingleObjectSerde<EcgLabel> labels() {
    return LABELS;
  }

  public static AvroSingleObjectSerde<Alarm> alarms() {
    return ALARMS;
  }

  public static AvroSingleObjectSerde<AlarmAck> acks() {
    return ACKS;
  }

  public static AvroSingleObjectSerde<EcgReport> reports() {
    return REPORTS;
  }

  /** The archive's records (in Avro container files; single-object encoding where one travels alone). */
  public static AvroSingleObjectSerde<ArchivedRecording> archivedRecordings() {
    return ARCHIVE;
  }

  /** The simulator's ground truth (topic ecg.truth). */
  public static AvroSingleObjectSerde<EcgTruth> truth() {
    return TRUTH;
  }

  /** Running heart rate per patient from the alarm job (topic ecg.vitals). */
  public static AvroSingleObjectSerde<PatientVitals> vitals() {
    return VITALS;
  }

  public static AvroSingleObjectSerde<ModelVersion> modelVersions() {
    return MODELS;
  }

  private static <T extends SpecificRecord> AvroSingleObjectSerde<T> of(Class<T> type, Schema current) {
    List<Schema> older = new ArrayList<>(KnownSchemas.history(type.getSimpleName()));
    return new AvroSingleObjectSerde<>(type, current, older);
  }
}
