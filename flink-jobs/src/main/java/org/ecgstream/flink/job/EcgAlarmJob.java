package org.ecgstream.flink.job;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.flink.alarms.AlarmStateMachine;
import org.ecgstream.flink.alarms.AdvisoryDeclarations;
import org.ecgstream.flink.alarms.LabelSmoothing;
import org.ecgstream.flink.alarms.ModelEvidence;
import org.ecgstream.flink.inference.BatchedZeroShotInference;
import org.ecgstream.flink.inference.ModelWindows;
import org.ecgstream.flink.rhythm.JudgedFrame;
import org.ecgstream.flink.inference.WindowSpec;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.flink.io.AckRecord;
import org.ecgstream.flink.io.AckRecordDeserializer;
import org.ecgstream.flink.io.AdmissionDeserializer;
import org.ecgstream.flink.io.AlarmSerialization;
import org.ecgstream.flink.rhythm.RhythmAnalysis;
import org.ecgstream.flink.io.FrameRecord;
import org.ecgstream.flink.io.FrameRecordDeserializer;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.flink.rhythm.RhythmChange;
import org.ecgstream.flink.vitals.RunningVitals;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.models.ModelLabels;
import org.ecgstream.flink.models.ModelSwitch;
import org.ecgstream.flink.models.ModelVersionDeserializer;
import org.ecgstream.flink.models.RoutedWindow;
import org.ecgstream.flink.models.ShadowLabels;
import org.ecgstream.flink.models.VersionedZeroShotInference;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.ecgstream.flink.archive.ArchiveConfig;
import org.ecgstream.flink.archive.ArchiveRecordings;
import org.ecgstream.flink.archive.ArchiveSinks;
import org.ecgstream.flink.io.ReportDeserializer;
import org.ecgstream.schemas.EcgReport;

/**
 * The alarm job. Data flow:
 * {@code frames -> rhythm analysis (per patient, all leads) -> [asystole / VF / lead-off changes ->
 * rhythm alarms] + [running heart rate, every frame -> limit alarms] -> alerts}, with records the
 * job cannot read going to the dead-letter topic. Signal processing alone raises these alarms;
 * nothing here waits for a model. With a vitals sink ({@link #withVitals}), the same running heart
 * rate, valid or with the condition that makes it meaningless, becomes the patient's running
 * vitals: {@code heart rate -> vital signs (every vitals interval) -> vitals}.
 *
 * <p>With a model configured ({@link AlarmJobConfig#model()}), a second branch runs beside them:
 * {@code frames -> rhythm analysis -> judged frames -> model windows (per patient; windows
 * overlapping NOISE or without a usable lead skipped) -> batched zero-shot inference -> labels}, labels go
 * to their own sink, and {@code labels -> label smoothing -> advisory alarms} joins the detectors'
 * output as one more input of the alarm state machine. The DSP branch is the same with or without it.
 *
 * <p>With an archive configured ({@link AlarmJobConfig#archive()}), a third branch with its own
 * sources: {@code frames -> recordings (per patient) -> Avro files} and {@code reports -> Avro
 * files}, both exactly-once by day ({@link #archive}). It shares no operator with the alarms, so a
 * slow archive store back-pressures only its own source.
 *
 * <p>Like the flink-training jobs, it takes its source and sinks in the constructor: {@link #main}
 * and the launcher wire Kafka; tests pass bounded sources and collecting sinks.
 *
 * <p>Every source, sink and operator that holds state has a {@code uid}, its name when it got one:
 * savepoints find an operator's state by it, so it must stay the same whatever changes around the
 * operator (another input, an operator inserted before it). Rename an operator's name freely, never
 * its uid; give a new stateful operator one ({@code OperatorUidsTest} fails without).
 */
public final class EcgAlarmJob {

  static final OutputTag<RejectedRecord> REJECTED = new OutputTag<>("rejected") {};

  static {
    // Flink's Avro serializer instantiates our generated classes; Avro must trust them.
    AvroSafety.install();
  }

  private final Source<FrameRecord, ?, ?> frames;
  private final Source<AckRecord, ?, ?> acks;
  private final Sink<Alarm> alerts;
  private final Sink<RejectedRecord> deadLetters;
  private final Sink<EcgLabel> labels;
  private final AlarmJobConfig config;
  private final Source<ModelVersion, ?, ?> modelVersions;
  private final Sink<EcgLabel> shadowLabels;
  private final Source<Admission, ?, ?> admissions;
  private final Source<FrameRecord, ?, ?> archiveFrames;
  private final Source<EcgReport, ?, ?> reports;
  private final Sink<PatientVitals> vitals;

  public EcgAlarmJob(Source<FrameRecord, ?, ?> frames, Source<AckRecord, ?, ?> acks, Sink<Alarm> alerts,
      Sink<RejectedRecord> deadLetters, AlarmJobConfig config) {
    this(frames, acks, alerts, deadLetters, null, config);
  }

  /** With a sink for zero-shot labels, required when the config names a model. */
  public EcgAlarmJob(Source<FrameRecord, ?, ?> frames, Source<AckRecord, ?, ?> acks, Sink<Alarm> alerts,
      Sink<RejectedRecord> deadLetters, Sink<EcgLabel> labels, AlarmJobConfig config) {
    if (config.model() != null && labels == null) {
      throw new IllegalArgumentException("a model is configured (" + config.model().bundleDir() + ") but no labels sink");
    }
    this.frames = frames;
    this.acks = acks;
    this.alerts = alerts;
    this.deadLetters = deadLetters;
    this.labels = labels;
    this.config = config;
    this.modelVersions = null;
    this.shadowLabels = null;
    this.admissions = null;
    this.archiveFrames = null;
    this.reports = null;
    this.vitals = null;
  }

  private EcgAlarmJob(EcgAlarmJob job, Source<ModelVersion, ?, ?> modelVersions, Sink<EcgLabel> shadowLabels,
      Source<Admission, ?, ?> admissions) {
    this(job, modelVersions, shadowLabels, admissions, job.archiveFrames, job.reports, job.vitals);
  }

  private EcgAlarmJob(EcgAlarmJob job, Source<ModelVersion, ?, ?> modelVersions, Sink<EcgLabel> shadowLabels,
      Source<Admission, ?, ?> admissions, Source<FrameRecord, ?, ?> archiveFrames, Source<EcgReport, ?, ?> reports,
      Sink<PatientVitals> vitals) {
    this.frames = job.frames;
    this.acks = job.acks;
    this.alerts = job.alerts;
    this.deadLetters = job.deadLetters;
    this.labels = job.labels;
    this.config = job.config;
    this.modelVersions = modelVersions;
    this.shadowLabels = shadowLabels;
    this.admissions = admissions;
    this.archiveFrames = archiveFrames;
    this.reports = reports;
    this.vitals = vitals;
  }

  /**
   * The same job archiving recordings and reports as the config's archive says, reading the frames
   * through a source of its own ({@code archiveFrameRecords}, the same topic as the alarms' frames),
   * so the archive never holds the alarms back.
   */
  public EcgAlarmJob withArchive(Source<FrameRecord, ?, ?> archiveFrameRecords, Source<EcgReport, ?, ?> reportRecords) {
    if (config.archive() == null) {
      throw new IllegalArgumentException("archive sources given, but the config has no archive (set ecg.archive.base, or --archive)");
    }
    return new EcgAlarmJob(this, modelVersions, shadowLabels, admissions,
        java.util.Objects.requireNonNull(archiveFrameRecords, "archive frames"),
        java.util.Objects.requireNonNull(reportRecords, "reports"), vitals);
  }

  /**
   * The same job publishing every patient's running heart rate to {@code vitalsSink} ({@link
   * #vitals}): the rate the limit alarms judge, or why there is none.
   */
  public EcgAlarmJob withVitals(Sink<PatientVitals> vitalsSink) {
    return new EcgAlarmJob(this, modelVersions, shadowLabels, admissions, archiveFrames, reports,
        java.util.Objects.requireNonNull(vitalsSink, "vitals sink"));
  }

  /**
   * The same job following patients' admissions ({@code ecg.admissions} records), whose alarm
   * limits replace the config's defaults for that patient.
   */
  public EcgAlarmJob withAdmissions(Source<Admission, ?, ?> admissionRecords) {
    return new EcgAlarmJob(this, modelVersions, shadowLabels,
        java.util.Objects.requireNonNull(admissionRecords, "admissions"));
  }

  /**
   * The same job following the model registry: {@code versions} (the {@code ecg.models} records)
   * drive hot swap, shadow versions' labels go to {@code shadowSink}. The config's model must
   * name a models topic ({@link ModelConfig#followsRegistry()}).
   */
  public EcgAlarmJob withModelRegistry(Source<ModelVersion, ?, ?> versions, Sink<EcgLabel> shadowSink) {
    if (config.model() == null || !config.model().followsRegistry()) {
      throw new IllegalArgumentException("model versions given, but the config follows no models topic"
          + " (set ModelConfig.followingRegistry, or --models-topic)");
    }
    return new EcgAlarmJob(this, java.util.Objects.requireNonNull(versions, "versions"),
        java.util.Objects.requireNonNull(shadowSink, "shadow labels sink"), admissions);
  }

  /** The job reading and writing Kafka as the config says, exactly-once. */
  public static EcgAlarmJob onKafka(AlarmJobConfig config) {
    EcgAlarmJob job = new EcgAlarmJob(kafkaFrames(config), kafkaAcks(config), kafkaAlerts(config),
        kafkaDeadLetters(config), config.model() == null ? null : kafkaLabels(config), config)
        .withAdmissions(kafkaAdmissions(config))
        .withVitals(kafkaVitals(config));
    if (config.model() != null && config.model().followsRegistry()) {
      job = job.withModelRegistry(kafkaModelVersions(config), kafkaShadowLabels(config));
    }
    if (config.archive() != null) {
      job = job.withArchive(kafkaArchiveFrames(config), kafkaReports(config));
    }
    return job;
  }

  /** Builds the data flow into {@code env}; call {@code env.execute} or {@link #start} afterwards. */
  public void buildInto(StreamExecutionEnvironment env) {
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    SingleOutputStreamOperator<EcgFrame> readable = env
        .fromSource(frames, EventTime.frameRecordsWithBoundedDelay(config.outOfOrderness()), "frames")
        .uid("frames")
        .process(new SplitRejected())
        .name("split-unreadable");
    SingleOutputStreamOperator<AlarmAck> readableAcks = env
        .fromSource(acks, EventTime.acksWithBoundedDelay(config.outOfOrderness()), "acks")
        .uid("acks")
        .process(new SplitRejectedAcks())
        .name("split-unreadable-acks");
    readable.getSideOutput(REJECTED).union(readableAcks.getSideOutput(REJECTED))
        .sinkTo(deadLetters).name("dead-letters").uid("dead-letters");
    SingleOutputStreamOperator<HeartRate> rhythm = rhythm(readable, config);
    DataStream<JudgedFrame> judged = rhythm.getSideOutput(RhythmAnalysis.JUDGED_FRAMES);
    DataStream<EcgLabel> windowLabels = null;
    DataStream<ModelVersion> registry = null;
    if (config.model() != null && config.model().followsRegistry()) {
      if (modelVersions == null) {
        throw new IllegalStateException("the model config follows " + config.model().modelsTopic()
            + " but the job has no model versions source (use withModelRegistry)");
      }
      registry = env.fromSource(modelVersions, EventTime.neverHoldingBack((v, ts) -> v.getChangedAtMillis()),
          "model-versions").uid("model-versions");
      ModelLabels both = labelsSkippingNoise(judged, registry, config.model());
      windowLabels = both.serving();
      windowLabels.sinkTo(labels).name("labels").uid("labels");
      both.shadow().sinkTo(shadowLabels).name("shadow-labels").uid("shadow-labels");
    } else if (config.model() != null) {
      windowLabels = labelsSkippingNoise(judged, config.model());
      windowLabels.sinkTo(labels).name("labels").uid("labels");
    }
    DataStream<Admission> patientAdmissions = admissions == null ? null
        : env.fromSource(admissions, EventTime.neverHoldingBack((a, ts) -> a.getEffectiveFromMillis()), "admissions")
            .uid("admissions");
    Analysis analysis = analysis(rhythm);
    alarms(analysis, readableAcks, windowLabels, registry, patientAdmissions, config)
        .sinkTo(alerts).name("alerts").uid("alerts");
    if (vitals != null) {
      vitals(analysis, config).sinkTo(vitals).name("vitals").uid("vitals");
    }
    if (config.archive() != null) {
      if (archiveFrames == null) {
        throw new IllegalStateException("the config archives to " + config.archive().baseUri()
            + " but the job has no archive sources (use withArchive)");
      }
      DataStream<EcgFrame> framesToArchive = env
          .fromSource(archiveFrames, EventTime.frameRecordsWithBoundedDelay(config.outOfOrderness()), "archive-frames")
          .uid("archive-frames")
          .flatMap((FrameRecord record, Collector<EcgFrame> out) -> {
            // Unreadable records are the alarm branch's to dead-letter.
            if (record.frame != null) {
              out.collect(record.frame);
            }
          })
          .returns(EcgFrame.class)
          .name("archive-readable-frames");
      DataStream<EcgReport> reportsToArchive = env
          .fromSource(reports, WatermarkStrategy.noWatermarks(), "reports")
          .uid("reports");
      archive(framesToArchive, reportsToArchive, config.archive(), config.outOfOrderness());
    }
  }

  /**
   * The archive: {@code frames -> recordings per patient -> Avro files by day} and {@code reports ->
   * Avro files by day}, both exactly-once (files appear when a checkpoint completes). Reports are
   * not joined to recordings here but when the archive is read (the trainer's ArchiveDataset): a
   * report may come hours after its recording, and holding the signal in state until then would
   * cost about 43 MB per patient-hour at 12 leads and 500 Hz. {@code frames} need event-time
   * watermarks: a patient's last recording closes when the watermark passes its end by
   * {@code closeDelay}.
   */
  public static void archive(DataStream<EcgFrame> frames, DataStream<EcgReport> reports, ArchiveConfig archive,
      java.time.Duration closeDelay) {
    frames
        .keyBy(frame -> frame.getPatientId())
        .process(new ArchiveRecordings(archive.recordingLength().toMillis(), closeDelay.toMillis()))
        .name("archive-recordings")
        .uid("archive-recordings")
        .sinkTo(ArchiveSinks.recordings(archive.baseUri()))
        .name("archive-recording-files")
        .uid("archive-recording-files");
    reports
        .sinkTo(ArchiveSinks.reports(archive.baseUri()))
        .name("archive-report-files")
        .uid("archive-report-files");
  }

  /**
   * The analytic core of the job: frames and acknowledgements in, alarm state changes out. Both
   * must carry event-time timestamps and watermarks ({@link EventTime}).
   */
  public static DataStream<Alarm> alarms(DataStream<EcgFrame> frames, DataStream<AlarmAck> acks, AlarmJobConfig config) {
    Analysis analysis = analysis(frames, config);
    DataStream<EcgLabel> labels = config.model() == null ? null
        : labelsSkippingNoise(analysis.judgedFrames(), config.model());
    return alarms(analysis, acks, labels, null, config);
  }

  /**
   * As above, with the model's window labels (null: no model) raising advisory alarms beside the
   * detectors' conditions, and patients' admissions (null: none) setting their own alarm limits.
   * The detectors' alarms do not pass through anything model-related.
   */
  public static DataStream<Alarm> alarms(DataStream<EcgFrame> frames, DataStream<AlarmAck> acks,
      DataStream<EcgLabel> labels, DataStream<Admission> admissions, AlarmJobConfig config) {
    return alarms(analysis(frames, config), acks, labels, admissions, config);
  }

  /** As above, from the signal analysis already built ({@link #analysis}), so the vitals can share it. */
  public static DataStream<Alarm> alarms(Analysis analysis, DataStream<AlarmAck> acks,
      DataStream<EcgLabel> labels, DataStream<Admission> admissions, AlarmJobConfig config) {
    return alarms(analysis, acks, labels, null, admissions, config);
  }

  /**
   * As above, with the registry's records ({@code versions}; null: the first bundle serves for the
   * job's life) telling the advisories and evidence which manifest each label's version declares.
   */
  public static DataStream<Alarm> alarms(Analysis analysis, DataStream<AlarmAck> acks, DataStream<EcgLabel> labels,
      DataStream<ModelVersion> versions, DataStream<Admission> admissions, AlarmJobConfig config) {
    DataStream<Alarm> conditions = conditions(analysis, admissions, config);
    if (labels != null) {
      conditions = conditions.union(advisories(labels, versions, config.model()));
    }
    return conditions
        .keyBy(alarm -> alarm.getPatientId())
        .connect(acks.keyBy(ack -> ack.getPatientId()))
        .process(new AlarmStateMachine(config.escalateAfter().toMillis()))
        .name("alarm-state-machine")
        .uid("alarm-state-machine");
  }

  /**
   * What the detectors say: an episode RAISED when its condition starts and CLEARED when it ends,
   * before latching, acknowledgement and escalation. {@code admissions} (may be null) carry
   * per-patient limits; they need event time that never holds back the frames'
   * ({@link EventTime#neverHoldingBack}).
   */
  public static DataStream<Alarm> conditions(DataStream<EcgFrame> frames, DataStream<Admission> admissions,
      AlarmJobConfig config) {
    return conditions(analysis(frames, config), admissions, config);
  }

  /**
   * What the signal processing makes of every patient's frames, shared by the alarms and the vitals:
   * the running heart rate at the end of every frame, valid or with the reason it is not
   * ({@link HeartRate#valid}), and the rhythm changes (asystole, VF, lost signal ...).
   */
  public record Analysis(SingleOutputStreamOperator<HeartRate> rates, DataStream<RhythmChange> changes) {

    /** Every frame as the rhythm analysis judged it (noisy or not), for the model windows. */
    public DataStream<JudgedFrame> judgedFrames() {
      return rates.getSideOutput(RhythmAnalysis.JUDGED_FRAMES);
    }
  }

  /**
   * Per-patient rhythm analysis of every lead: the running heart rate out (over the config's rate
   * window), rhythm changes ({@link RhythmAnalysis#CHANGES}) and the judged frames
   * ({@link RhythmAnalysis#JUDGED_FRAMES}) on side outputs.
   */
  public static SingleOutputStreamOperator<HeartRate> rhythm(DataStream<EcgFrame> frames, AlarmJobConfig config) {
    return frames
        .keyBy(frame -> frame.getPatientId())
        .process(new RhythmAnalysis(RhythmSettings.defaults(), config.rateWindow().toMillis()))
        .name("rhythm-analysis")
        .uid("rhythm-analysis");
  }

  /** {@code frames -> rhythm analysis (per patient) -> [running heart rate] + [changes]}. */
  public static Analysis analysis(DataStream<EcgFrame> frames, AlarmJobConfig config) {
    return analysis(rhythm(frames, config));
  }

  /** As above, on the rhythm analysis already built ({@link #rhythm}), which the model windows share. */
  public static Analysis analysis(SingleOutputStreamOperator<HeartRate> rhythm) {
    return new Analysis(rhythm, rhythm.getSideOutput(RhythmAnalysis.CHANGES));
  }

  /** As above, from the signal analysis already built. */
  public static DataStream<Alarm> conditions(Analysis analysis, DataStream<Admission> admissions, AlarmJobConfig config) {
    if (admissions == null) {
      admissions = EventTime.nothingFollowing(analysis.rates(), Admission.class);
    }
    DataStream<Alarm> rhythmAlarms = analysis.changes()
        .keyBy(change -> change.patientId)
        .process(new RhythmAlarms())
        .name("rhythm-alarms")
        .uid("rhythm-alarms");
    DataStream<Alarm> rateAlarms = analysis.rates()
        .filter(HeartRate::valid)
        .name("valid-rates")
        .keyBy(rate -> rate.patientId)
        .connect(admissions.filter(a -> a.getPatientId() != null).name("admitted-patients")
            .keyBy(a -> a.getPatientId()))
        .process(new HeartRateLimitAlarms(config.heartRateLimits()))
        .name("heart-rate-limit-alarms")
        .uid("heart-rate-limit-alarms");
    return rhythmAlarms.union(rateAlarms);
  }

  /**
   * Every patient's running vitals: the running heart rate the limit alarms judge, every vitals
   * interval of device time, valid or with the reason it is not ({@link RunningVitals}).
   */
  public static DataStream<PatientVitals> vitals(Analysis analysis, AlarmJobConfig config) {
    return analysis.rates()
        .keyBy(rate -> rate.patientId)
        .process(new RunningVitals(config.vitalsInterval().toMillis()))
        .name("running-vitals")
        .uid("running-vitals");
  }

  /**
   * Zero-shot labels of every patient's windows: {@code frames -> model windows -> batched
   * inference}. Opens and verifies the bundle now, so a missing or corrupt one fails the job at
   * start with a message naming the directory.
   */
  public static DataStream<EcgLabel> labels(DataStream<EcgFrame> frames, ModelConfig model) {
    return labelsSkippingNoise(unjudged(frames), model);
  }

  /**
   * As above, from frames the rhythm analysis judged ({@link RhythmAnalysis#JUDGED_FRAMES}): windows
   * that overlap a NOISE period are skipped and counted. {@code judged frames -> model windows ->
   * batched inference}.
   */
  public static DataStream<EcgLabel> labelsSkippingNoise(DataStream<JudgedFrame> frames, ModelConfig model) {
    ModelBundle bundle = BatchedZeroShotInference.openBundle(Path.of(model.bundleDir()));
    WindowSpec spec = WindowSpec.of(bundle.inputSpec(), model.stride());
    return inference(windows(frames, spec), model);
  }

  /** Every patient's model windows, less those without a usable lead or overlapping a NOISE period. */
  public static DataStream<org.ecgstream.flink.inference.ModelWindow> windows(DataStream<JudgedFrame> frames, WindowSpec spec) {
    return frames
        .keyBy(judged -> judged.frame.getPatientId())
        .process(new ModelWindows(spec))
        .name("model-windows")
        .uid("model-windows");
  }

  /** Frames no rhythm analysis judged: windows cut from them are never skipped for noise. */
  static DataStream<JudgedFrame> unjudged(DataStream<EcgFrame> frames) {
    return frames.map(JudgedFrame::unjudged).returns(JudgedFrame.class).name("unjudged-frames");
  }

  /**
   * Zero-shot labels of prepared model windows: the async batched inference operator, its
   * in-flight bound per subtask from {@code model}.
   */
  public static DataStream<EcgLabel> inference(DataStream<org.ecgstream.flink.inference.ModelWindow> windows,
      ModelConfig model) {
    return AsyncDataStream.orderedWait(
            windows,
            new BatchedZeroShotInference(model.bundleDir(), model.device(), model.maxBatchSize(),
                model.maxWait().toMillis(), false),
            model.inferenceTimeout().toMillis(), TimeUnit.MILLISECONDS, model.inFlightPerSubtask())
        .name("zero-shot-inference")
        .uid("zero-shot-inference");
  }

  /**
   * Zero-shot labels with hot swap: {@code frames -> model windows -> model switch (broadcast
   * registry records) -> batched inference by the routed version -> serving | shadow}. The config's
   * bundle directory is the first production version and shapes the windows; it is verified now.
   */
  public static ModelLabels labels(DataStream<EcgFrame> frames, DataStream<ModelVersion> versions, ModelConfig model) {
    return labelsSkippingNoise(unjudged(frames), versions, model);
  }

  /** As above, from frames the rhythm analysis judged: windows overlapping a NOISE period are skipped and counted. */
  public static ModelLabels labelsSkippingNoise(DataStream<JudgedFrame> frames, DataStream<ModelVersion> versions,
      ModelConfig model) {
    ModelBundle bundle = BatchedZeroShotInference.openBundle(Path.of(model.bundleDir()));
    WindowSpec spec = WindowSpec.of(bundle.inputSpec(), model.stride());
    BroadcastStream<ModelVersion> registry = versions.broadcast(ModelSwitch.DECLARED, ModelSwitch.PRODUCTION_HISTORY);
    DataStream<RoutedWindow> routed = windows(frames, spec)
        .keyBy(window -> window.patientId)
        .connect(registry)
        .process(new ModelSwitch(model, spec, bundle.manifest().name()))
        .name("model-switch")
        .uid("model-switch");
    SingleOutputStreamOperator<EcgLabel> serving = AsyncDataStream.orderedWait(
            routed,
            new VersionedZeroShotInference(model.device(), model.maxBatchSize(), model.maxWait().toMillis()),
            model.inferenceTimeout().toMillis(), TimeUnit.MILLISECONDS, model.inFlightPerSubtask())
        .name("zero-shot-inference")
        // Not "zero-shot-inference": its in-flight windows are RoutedWindows, not ModelWindows, so a
        // job switched between a fixed bundle and the registry must not map one's state onto the other.
        .uid("versioned-zero-shot-inference")
        .process(new ShadowLabels())
        .name("split-shadow-labels");
    return new ModelLabels(serving, serving.getSideOutput(ShadowLabels.SHADOW));
  }

  /**
   * Advisory alarm conditions from smoothed labels, and labels as evidence for the detector alarm of
   * the same condition ({@link ModelEvidence}), both as the manifest of the version that labelled
   * each window declares ({@link AdvisoryDeclarations}; AF's threshold and windows from the job's
   * options when set). {@code versions}: the registry's records, broadcast to both (null: none
   * follow, the first bundle's declaration holds). The first bundle is read now.
   */
  public static DataStream<Alarm> advisories(DataStream<EcgLabel> labels, DataStream<ModelVersion> versions,
      ModelConfig model) {
    AdvisoryDeclarations declarations = model.advisoryDeclarations();
    BroadcastStream<ModelVersion> declared = (versions != null ? versions
        : EventTime.nothingFollowing(labels, ModelVersion.class)).broadcast(AdvisoryDeclarations.VERSIONS);
    DataStream<Alarm> advisories = labels
        .keyBy(label -> label.getPatientId())
        .connect(declared)
        .process(new LabelSmoothing(declarations))
        .name("label-smoothing")
        .uid("label-smoothing");
    DataStream<Alarm> evidence = labels
        .connect(declared)
        .process(new ModelEvidence(declarations))
        .name("model-evidence")
        .uid("model-evidence");
    return advisories.union(evidence);
  }

  /** Submits the job without waiting for it to end. */
  public JobClient start(StreamExecutionEnvironment env, String jobName) throws Exception {
    buildInto(env);
    return env.executeAsync(jobName);
  }

  /** Sends unreadable records to the side output; readable frames continue. */
  static final class SplitRejected extends ProcessFunction<FrameRecord, EcgFrame> {
    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
      AvroSafety.install();
    }

    @Override
    public void processElement(FrameRecord record, Context ctx, Collector<EcgFrame> out) {
      if (record.frame != null) {
        out.collect(record.frame);
      } else {
        ctx.output(REJECTED, record.rejected);
      }
    }
  }

  /** Sends unreadable acknowledgements to the side output; readable ones continue. */
  static final class SplitRejectedAcks extends ProcessFunction<AckRecord, AlarmAck> {
    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
      AvroSafety.install();
    }

    @Override
    public void processElement(AckRecord record, Context ctx, Collector<AlarmAck> out) {
      if (record.ack != null) {
        out.collect(record.ack);
      } else {
        ctx.output(REJECTED, record.rejected);
      }
    }
  }

  static KafkaSource<AckRecord> kafkaAcks(AlarmJobConfig config) {
    return KafkaSource.<AckRecord>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setProperties(clientProperties(config))
        .setTopics(config.acksTopic())
        .setGroupId(config.transactionalIdPrefix() + "-acks")
        .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(new AckRecordDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  static KafkaSource<Admission> kafkaAdmissions(AlarmJobConfig config) {
    return KafkaSource.<Admission>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setProperties(clientProperties(config))
        .setTopics(config.admissionsTopic())
        .setGroupId(config.transactionalIdPrefix() + "-admissions")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new AdmissionDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  static KafkaSource<FrameRecord> kafkaFrames(AlarmJobConfig config) {
    return KafkaSource.<FrameRecord>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setProperties(clientProperties(config))
        .setTopics(config.framesTopic())
        .setGroupId(config.transactionalIdPrefix() + "-frames")
        .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(new FrameRecordDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  /** The frames topic again, for the archive: its own consumer group and position, its own pace. */
  static KafkaSource<FrameRecord> kafkaArchiveFrames(AlarmJobConfig config) {
    return KafkaSource.<FrameRecord>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setProperties(clientProperties(config))
        .setTopics(config.framesTopic())
        .setGroupId(config.transactionalIdPrefix() + "-archive-frames")
        .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(new FrameRecordDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  static KafkaSource<EcgReport> kafkaReports(AlarmJobConfig config) {
    return KafkaSource.<EcgReport>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setProperties(clientProperties(config))
        .setTopics(config.archive().reportsTopic())
        .setGroupId(config.transactionalIdPrefix() + "-reports")
        .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ReportDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  static KafkaSink<Alarm> kafkaAlerts(AlarmJobConfig config) {
    return exactlyOnceSink(config, config.alertsTopic(), "alerts",
        KafkaRecordSerializationSchema.<Alarm>builder()
            .setTopic(config.alertsTopic())
            .setKeySerializationSchema(new AlarmSerialization.PatientKey())
            .setValueSerializationSchema(new AlarmSerialization.AlarmValue())
            .build());
  }

  static KafkaSink<PatientVitals> kafkaVitals(AlarmJobConfig config) {
    return exactlyOnceSink(config, config.vitalsTopic(), "vitals",
        KafkaRecordSerializationSchema.<PatientVitals>builder()
            .setTopic(config.vitalsTopic())
            .setKeySerializationSchema(new AlarmSerialization.VitalsPatientKey())
            .setValueSerializationSchema(new AlarmSerialization.VitalsValue())
            .build());
  }

  static KafkaSink<EcgLabel> kafkaLabels(AlarmJobConfig config) {
    String topic = config.model().labelsTopic();
    return exactlyOnceSink(config, topic, "labels",
        KafkaRecordSerializationSchema.<EcgLabel>builder()
            .setTopic(topic)
            .setKeySerializationSchema(new AlarmSerialization.LabelPatientKey())
            .setValueSerializationSchema(new AlarmSerialization.LabelValue())
            .build());
  }

  static KafkaSource<ModelVersion> kafkaModelVersions(AlarmJobConfig config) {
    return KafkaSource.<ModelVersion>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setProperties(clientProperties(config))
        .setTopics(config.model().modelsTopic())
        .setGroupId(config.transactionalIdPrefix() + "-models")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new ModelVersionDeserializer())
        .setProperty("isolation.level", "read_committed")
        .build();
  }

  static KafkaSink<EcgLabel> kafkaShadowLabels(AlarmJobConfig config) {
    String topic = EcgTopics.SHADOW_LABELS.name();
    return exactlyOnceSink(config, topic, "shadow-labels",
        KafkaRecordSerializationSchema.<EcgLabel>builder()
            .setTopic(topic)
            .setKeySerializationSchema(new AlarmSerialization.LabelPatientKey())
            .setValueSerializationSchema(new AlarmSerialization.LabelValue())
            .build());
  }

  static KafkaSink<RejectedRecord> kafkaDeadLetters(AlarmJobConfig config) {
    return exactlyOnceSink(config, config.deadLetterTopic(), "dlq",
        KafkaRecordSerializationSchema.<RejectedRecord>builder()
            .setTopic(config.deadLetterTopic())
            .setValueSerializationSchema(new AlarmSerialization.RejectedValue())
            .build());
  }

  private static <T> KafkaSink<T> exactlyOnceSink(
      AlarmJobConfig config, String topic, String idSuffix, KafkaRecordSerializationSchema<T> schema) {
    Properties producer = clientProperties(config);
    // Flink asks for 1 h by default, above the broker's default transaction.max.timeout.ms (15 min).
    producer.setProperty("transaction.timeout.ms", "600000");
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + idSuffix)
        .setKafkaProducerConfig(producer)
        .build();
  }

  /** The Kafka client settings every source and sink of the job gets (TLS, SASL ...). */
  static Properties clientProperties(AlarmJobConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafkaClient());
    return p;
  }
}
