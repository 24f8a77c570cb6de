package org.ecgstream.local.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.core.wfdb.WfdbFormatException;
import org.ecgstream.core.wfdb.WfdbHeader;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.local.reports.FleetReports;
import org.ecgstream.local.reports.PtbXlRecordReports;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.ReportPublisher;
import org.ecgstream.simulators.framefile.FrameFileWriter;
import org.ecgstream.simulators.replay.RecordReplayer;
import org.ecgstream.simulators.replay.RecordTruth;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg replay}: recorded ECG (WFDB records) streamed to ecg.raw as bedside devices would send it, or to a file. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header = "Stream recorded WFDB records (MIT-BIH, CUDB, CinC 2017, Challenge 2015 ...) to ecg.raw or a file, one device per record.",
    description = {
      "Each --record becomes a device (replay-<record>) admitted to a patient (replay-patient-<record>) on",
      "ecg.admissions, and its ECG signals become 250 ms frames of the record's own ADC values and gain",
      "(MLII as lead II; other names with --lead NAME=LEAD), invalid samples as -32768, device time from now.",
      "All records stream side by side at --speed x real time (0: as fast as possible), for --duration",
      "or the whole record (--loop: over and over, the device clock running on). The record's reference",
      "annotations (.atr: beats with their class, rhythm changes) or labels (CinC 2017's REFERENCE.csv, PTB-XL's",
      "SCP statements) go with each frame as ground truth (EcgTruth) to --truth-topic and/or --truth-file.",
      "With --reports, each record's real cardiologist's report (PTB-XL: the report column of",
      "ptbxl_database.csv) goes to ecg.reports --report-delay after the record's signal ends. Examples:",
      "  ./ecg replay --record ../shared/data/mitdb/207 --record ../shared/data/mitdb/100.hea --bootstrap localhost:9092",
      "  ./ecg replay --db ../shared/data/cinc2017 --record A00005 --lead ECG=II --out a5.avro --truth-file a5.jsonl"
    })
final class ReplayCommand implements Callable<Integer> {

  private static final int FRAME_MILLIS = 250;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers; exactly one of --bootstrap and --out.")
  String bootstrap;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Write the frames to FILE (Avro container of EcgFrame, read back with simulators' FrameFileReader)"
          + " instead of Kafka; exactly one of --bootstrap and --out. Admissions are not written.")
  Path out;

  @Option(names = "--db", paramLabel = "DIR", description = "Folder the --record names are in (optional when --record is a path).")
  Path database;

  @Option(names = "--record", required = true, paramLabel = "RECORD",
      description = "A record, repeatable: its path with or without .hea (../shared/data/mitdb/207, .../207.hea), or its name in --db.")
  List<String> records;

  @Option(names = "--lead", paramLabel = "NAME=LEAD", description = "Signal name to standard lead, repeatable (e.g. ECG=II).")
  Map<String, String> leadNames = new LinkedHashMap<>();

  @Option(names = "--speed", defaultValue = "1", description = "Multiple of real time; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--duration", converter = DurationConverter.class,
      description = "Stream at most this much of each record's device time, e.g. 10s, 5m (default: all of it, once; with --loop: until stopped).")
  Duration duration;

  @Option(names = "--loop", description = "Replay the records over and over; the device clock, sequence numbers and sample count continue.")
  boolean loop;

  @Option(names = "--truth-topic", defaultValue = "ecg.truth", paramLabel = "TOPIC",
      description = "Topic for each frame's ground truth from the record's annotations or label (EcgTruth, keyed by device id;"
          + " with --bootstrap only); 'none' publishes none; records without either publish none (default: ${DEFAULT-VALUE}).")
  String truthTopic;

  @Option(names = "--truth-file", paramLabel = "FILE",
      description = "Also write each frame's ground truth to FILE, one EcgTruth as JSON per line, in replay order.")
  Path truthFile;

  @Option(names = "--reports",
      description = "Also send each record's real report to ecg.reports (records of a PTB-XL folder; others have none; with --bootstrap only).")
  boolean reports;

  @Option(names = "--report-delay", defaultValue = "30s", converter = DurationConverter.class,
      description = "Device time from the end of a record's signal to its report (default: ${DEFAULT-VALUE}).")
  Duration reportDelay;

  /** Where replayed frames, admissions and truth go: a Kafka cluster or a frame file. */
  private interface Destination extends AutoCloseable {
    void admission(Admission admission);

    void frame(EcgFrame frame);

    void truth(EcgTruth truth);

    @Override
    void close() throws IOException;
  }

  @Override
  public Integer call() throws Exception {
    if ((bootstrap == null) == (out == null)) {
      System.err.println("replay: give exactly one of --bootstrap HOST:PORT (stream to Kafka) and --out FILE (write a frame file)");
      return 2;
    }
    if (loop && duration == null && out != null) {
      System.err.println("replay: --loop with --out needs --duration (the file would grow without end)");
      return 2;
    }
    Map<String, Lead> names = new HashMap<>();
    for (Map.Entry<String, String> e : leadNames.entrySet()) {
      try {
        names.put(e.getKey(), StandardLeads.parse(e.getValue()));
      } catch (IllegalArgumentException bad) {
        System.err.println("replay: --lead " + e.getKey() + "=" + e.getValue() + ": " + bad.getMessage());
        return 2;
      }
    }
    if (speed < 0 || Double.isNaN(speed)) {
      System.err.println("replay: --speed must be >= 0 (0 = as fast as possible)");
      return 2;
    }
    if (reports && out != null) {
      System.err.println("replay: --reports sends to ecg.reports and needs --bootstrap, not --out");
      return 2;
    }
    if (reportDelay.isNegative()) {
      System.err.println("replay: --report-delay must not be negative");
      return 2;
    }
    long start = System.currentTimeMillis();
    List<RecordReplayer> replayers = new ArrayList<>();
    List<String> recordNames = new ArrayList<>();
    List<Path> recordDirs = new ArrayList<>();
    List<WfdbRecord> recordData = new ArrayList<>();
    for (String given : records) {
      Path header = headerFile(given);
      String name = header.getFileName().toString().replaceFirst("\\.hea$", "");
      if (!Files.isRegularFile(header)) {
        System.err.println("replay: " + header + " does not exist (give a record's path, e.g. ../shared/data/mitdb/100, or --db DIR --record NAME)");
        return 2;
      }
      Path dir = header.toAbsolutePath().getParent();
      try {
        WfdbRecord record = WfdbRecord.read(dir, WfdbHeader.read(header));
        String device = "replay-" + name;
        RecordReplayer replayer = new RecordReplayer(record, device, start, FRAME_MILLIS, names)
            .withTruth(RecordTruth.load(dir, name, record), patientOf(name));
        replayers.add(loop ? replayer.looping() : replayer);
        recordNames.add(name);
        recordDirs.add(dir);
        recordData.add(record);
      } catch (WfdbFormatException e) {
        System.err.println("replay: " + e.getMessage());
        return 2;
      } catch (IllegalArgumentException e) {
        System.err.println("replay: " + header + ": " + e.getMessage());
        return 2;
      }
    }
    long limitMillis = duration == null ? Long.MAX_VALUE : duration.toMillis();
    List<EcgReport> toReport = new ArrayList<>();
    if (reports) {
      for (int i = 0; i < recordNames.size(); i++) {
        String name = recordNames.get(i);
        Optional<PtbXlRecordReports> known = PtbXlRecordReports.around(recordDirs.get(i));
        if (known.isEmpty()) {
          System.err.println("replay: --reports: " + recordDirs.get(i) + " is not in a PTB-XL folder (no ptbxl_database.csv);"
              + " only PTB-XL records carry a report");
          return 2;
        }
        WfdbRecord record = recordData.get(i);
        long lengthMillis = Math.min(limitMillis, Math.round(record.length() * 1000.0 / record.samplingFrequencyHz()));
        known.get().report(name).ifPresent(text -> toReport.add(EcgReport.newBuilder()
            .setRecordId("replay-report:" + name)
            .setPatientId(patientOf(name))
            .setRecordingStartMillis(start)
            .setRecordingEndMillis(start + lengthMillis)
            .setText(text)
            .setSignedBy("ptb-xl")
            .setSignedAtMillis(start + lengthMillis + reportDelay.toMillis())
            .build()));
      }
      System.out.printf("replay: %d of %d records have a report; each goes to %s %s after its signal%n",
          toReport.size(), recordNames.size(), EcgTopics.REPORTS.name(), reportDelay);
    }
    java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    // On SIGTERM (e.g. ending a --loop): stop after the current tick and let the frame file or producer close cleanly.
    Thread stopHook = new Thread(() -> {
      stopped.set(true);
      try {
        finished.await(15, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "replay-stop");
    Runtime.getRuntime().addShutdownHook(stopHook);
    long frames = 0;
    // Started with the frames, so a report comes --report-delay (on the replay's clock) after its signal.
    ReportPublisher reportPublisher = toReport.isEmpty() ? null : FleetReports.publisher(bootstrap, speed, toReport);
    if (reportPublisher != null) {
      reportPublisher.start(start);
    }
    try (Destination destination = out != null ? new FileDestination(out, String.join(" ", records)) : new KafkaDestination(bootstrap,
        truthTopic.equals("none") ? null : truthTopic);
        BufferedWriter truthOut = truthFile == null ? null : Files.newBufferedWriter(truthFile)) {
      for (int i = 0; i < recordNames.size(); i++) {
        destination.admission(Admission.newBuilder().setDeviceId("replay-" + recordNames.get(i))
            .setPatientId(patientOf(recordNames.get(i))).setBedId("replay-" + recordNames.get(i)).setUnit("REPLAY")
            .setEffectiveFromMillis(start).build());
      }
      long wallStart = System.nanoTime();
      boolean any = true;
      for (long tick = 0; any && !stopped.get(); tick++) {
        long offsetMillis = tick * FRAME_MILLIS;
        if (offsetMillis >= limitMillis) {
          break;
        }
        if (speed > 0) {
          long due = wallStart + (long) (offsetMillis * 1_000_000L / speed);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
          }
        }
        any = false;
        for (RecordReplayer r : replayers) {
          if (!r.hasNext()) {
            continue;
          }
          any = true;
          RecordReplayer.Tick next = r.tick();
          destination.frame(next.frame());
          if (r.hasTruth()) {
            destination.truth(next.truth());
            if (truthOut != null) {
              truthOut.write(next.truth().toString()); // Avro's JSON rendering, as ./ecg simulate --truth-file
              truthOut.newLine();
            }
          }
          frames++;
        }
        if (tick % 240 == 0 && tick > 0) {
          System.out.printf("replay: %d records, %s of signal, %d frames%n", replayers.size(), Duration.ofMillis(offsetMillis), frames);
        }
      }
    } catch (IllegalStateException e) {
      System.err.println("replay: " + e.getMessage());
      if (reportPublisher != null) {
        reportPublisher.stop();
        reportPublisher.close();
      }
      return 1;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping: the hook has run
      }
    }
    System.out.println("replay: done, " + frames + " frames of " + recordNames.size() + " records to "
        + (out != null ? out.toString() : EcgTopics.RAW.name() + " at " + bootstrap));
    if (reportPublisher != null) {
      try (ReportPublisher publisher = reportPublisher) {
        long waitMillis = ReportPublisher.sendingMillis(reportDelay, speed);
        if (!publisher.awaitAll(waitMillis)) {
          System.err.println("replay: only " + publisher.sent() + " of " + publisher.total() + " reports were sent");
          return 1;
        }
        System.out.println("replay: " + publisher.sent() + " reports to " + EcgTopics.REPORTS.name());
      }
    }
    return 0;
  }

  /** The header file a --record names: a path (with or without .hea), or a name inside --db. */
  private Path headerFile(String record) {
    Path path = database != null ? database.resolve(record) : Path.of(record);
    String file = path.getFileName().toString();
    return file.endsWith(".hea") ? path : path.resolveSibling(file + ".hea");
  }

  private static String patientOf(String recordName) {
    return "replay-patient-" + recordName;
  }

  /** Frames to an Avro frame file; truth goes only to --truth-file. */
  private static final class FileDestination implements Destination {
    private final FrameFileWriter writer;

    FileDestination(Path out, String records) throws IOException {
      this.writer = new FrameFileWriter(out, "ecg replay " + records);
    }

    @Override
    public void admission(Admission admission) { }

    @Override
    public void frame(EcgFrame frame) {
      writer.append(frame);
    }

    @Override
    public void truth(EcgTruth truth) { }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }

  /** Admissions, frames and truth to Kafka with an idempotent producer (acks=all). */
  private static final class KafkaDestination implements Destination {
    private final KafkaProducer<String, byte[]> producer;
    private final String truthTopic;
    private final String bootstrap;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    KafkaDestination(String bootstrap, String truthTopic) {
      this.bootstrap = bootstrap;
      this.truthTopic = truthTopic;
      this.producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
          ProducerConfig.ACKS_CONFIG, "all",
          ProducerConfig.LINGER_MS_CONFIG, 5,
          ProducerConfig.CLIENT_ID_CONFIG, "ecg-replay"), new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void admission(Admission admission) {
      send(new ProducerRecord<>(EcgTopics.ADMISSIONS.name(), admission.getDeviceId(), EcgSerdes.admissions().serialize(admission)));
      producer.flush();
    }

    @Override
    public void frame(EcgFrame frame) {
      send(new ProducerRecord<>(EcgTopics.RAW.name(), null, frame.getDeviceTimeMillis(), frame.getDeviceId(),
          EcgSerdes.frames().serialize(frame)));
    }

    @Override
    public void truth(EcgTruth truth) {
      if (truthTopic != null) {
        send(new ProducerRecord<>(truthTopic, truth.getDeviceId(), EcgSerdes.truth().serialize(truth)));
      }
    }

    private void send(ProducerRecord<String, byte[]> record) {
      Exception e = failure.get();
      if (e != null) {
        throw new IllegalStateException("sending to " + bootstrap + " failed: " + e.getMessage(), e);
      }
      producer.send(record, (meta, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        }
      });
    }

    @Override
    public void close() {
      producer.flush();
      producer.close(Duration.ofSeconds(10));
      Exception e = failure.get();
      if (e != null) {
        throw new IllegalStateException("sending to " + bootstrap + " failed: " + e.getMessage(), e);
      }
    }
  }
}
