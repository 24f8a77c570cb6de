package org.ecgstream.local.cli;

import java.util.Optional;
import org.ecgstream.local.reports.FleetReports;
import org.ecgstream.local.reports.PtbXlRecordReports;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.simulators.fleet.ReportPublisher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.replay.RecordReplayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg replay}: recorded ECG (WFDB records) streamed to ecg.raw as bedside devices would send it. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    header = "Stream recorded WFDB records (MIT-BIH, CUDB, Challenge 2015 ...) to ecg.raw, one device per record.",
    description = {
      "Each --record becomes a device (replay-<record>) admitted to a patient (replay-patient-<record>) on",
      "ecg.admissions, and its ECG signals become 250 ms frames of the record's own ADC values and gain",
      "(MLII as lead II; other names with --lead NAME=LEAD), invalid samples as -32768, device time from now.",
      "All records stream side by side at --speed x real time (0: as fast as possible), for --duration",
      "or the whole record. The alarm job then judges real arrhythmias, e.g. ./ecg replay --db",
      "../shared/data/mitdb --record 207 --record 100 --bootstrap localhost:9092.",
      "With --reports, each record's real cardiologist's report (PTB-XL: the report column of",
      "ptbxl_database.csv) goes to ecg.reports --report-delay after the record's signal ends."
    })
final class ReplayCommand implements Callable<Integer> {

  private static final int FRAME_MILLIS = 250;

  @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT.")
  String bootstrap;

  @Option(names = "--db", required = true, description = "Folder of WFDB records (.hea and signal files).")
  Path database;

  @Option(names = "--record", required = true, description = "Record name, repeatable (e.g. 207).")
  List<String> records;

  @Option(names = "--lead", paramLabel = "NAME=LEAD", description = "Signal name to standard lead, repeatable (e.g. ECG=II).")
  Map<String, String> leadNames = new LinkedHashMap<>();

  @Option(names = "--speed", defaultValue = "1", description = "Multiple of real time; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--duration", converter = DurationConverter.class,
      description = "Stream at most this much of each record (default: all of it).")
  Duration duration;

  @Option(names = "--reports",
      description = "Also send each record's real report to ecg.reports (records of a PTB-XL folder; others have none).")
  boolean reports;

  @Option(names = "--report-delay", defaultValue = "30s", converter = DurationConverter.class,
      description = "Device time from the end of a record's signal to its report (default: ${DEFAULT-VALUE}).")
  Duration reportDelay;

  @Override
  public Integer call() throws Exception {
    Map<String, Lead> names = new HashMap<>();
    for (Map.Entry<String, String> e : leadNames.entrySet()) {
      try {
        names.put(e.getKey(), StandardLeads.parse(e.getValue()));
      } catch (IllegalArgumentException bad) {
        System.err.println("replay: --lead " + e.getKey() + "=" + e.getValue() + ": " + bad.getMessage());
        return 2;
      }
    }
    if (speed < 0) {
      System.err.println("replay: --speed must be >= 0");
      return 2;
    }
    long start = System.currentTimeMillis();
    List<RecordReplayer> replayers = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    for (String name : records) {
      if (!Files.isRegularFile(database.resolve(name + ".hea"))) {
        System.err.println("replay: " + database.resolve(name + ".hea") + " does not exist");
        return 2;
      }
      try {
        String device = "replay-" + name;
        replayers.add(new RecordReplayer(WfdbRecord.read(database, name), device, start, FRAME_MILLIS, names));
        devices.add(device);
      } catch (WfdbFormatException | IllegalArgumentException e) {
        System.err.println("replay: record " + name + ": " + e.getMessage());
        return 2;
      }
    }
    long limitMillis = duration == null ? Long.MAX_VALUE : duration.toMillis();
    List<EcgReport> toReport = new ArrayList<>();
    if (reports) {
      if (reportDelay.isNegative()) {
        System.err.println("replay: --report-delay must not be negative");
        return 2;
      }
      Optional<PtbXlRecordReports> known = PtbXlRecordReports.around(database);
      if (known.isEmpty()) {
        System.err.println("replay: --reports: " + database + " is not in a PTB-XL folder (no ptbxl_database.csv);"
            + " only PTB-XL records carry a report");
        return 2;
      }
      for (String name : records) {
        WfdbRecord record = WfdbRecord.read(database, name);
        long lengthMillis = Math.min(limitMillis, Math.round(record.length() * 1000.0 / record.samplingFrequencyHz()));
        known.get().report(name).ifPresent(text -> toReport.add(EcgReport.newBuilder()
            .setRecordId("replay-report:" + name)
            .setPatientId("replay-patient-" + name)
            .setRecordingStartMillis(start)
            .setRecordingEndMillis(start + lengthMillis)
            .setText(text)
            .setSignedBy("ptb-xl")
            .setSignedAtMillis(start + lengthMillis + reportDelay.toMillis())
            .build()));
      }
      System.out.printf("replay: %d of %d records have a report; each goes to %s %s after its signal%n",
          toReport.size(), records.size(), EcgTopics.REPORTS.name(), reportDelay);
    }
    AtomicReference<Exception> failure = new AtomicReference<>();
    // Started with the frames, so a report comes --report-delay (on the replay's clock) after its signal.
    ReportPublisher reportPublisher = toReport.isEmpty() ? null : FleetReports.publisher(bootstrap, speed, toReport);
    if (reportPublisher != null) {
      reportPublisher.start(start);
    }
    long frames = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.CLIENT_ID_CONFIG, "ecg-replay"), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records.size(); i++) {
        Admission admission = Admission.newBuilder().setDeviceId(devices.get(i))
            .setPatientId("replay-patient-" + records.get(i)).setBedId("replay-" + records.get(i)).setUnit("REPLAY")
            .setEffectiveFromMillis(start).build();
        producer.send(new ProducerRecord<>(EcgTopics.ADMISSIONS.name(), devices.get(i), EcgSerdes.admissions().serialize(admission)));
      }
      producer.flush();
      long wallStart = System.nanoTime();
      boolean any = true;
      for (long tick = 0; any; tick++) {
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
          EcgFrame frame = r.next();
          producer.send(new ProducerRecord<>(EcgTopics.RAW.name(), null, frame.getDeviceTimeMillis(), frame.getDeviceId(),
              EcgSerdes.frames().serialize(frame)), (meta, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
          frames++;
        }
        if (failure.get() != null) {
          throw failure.get();
        }
        if (tick % 240 == 0 && tick > 0) {
          System.out.printf("replay: %d records, %s of signal, %d frames%n", replayers.size(),
              Duration.ofMillis(offsetMillis), frames);
        }
      }
      producer.flush();
    }
    if (reportPublisher != null) {
      try (ReportPublisher publisher = reportPublisher) {
        if (failure.get() != null) {
          publisher.stop();
          System.err.println("replay: sending failed: " + failure.get().getMessage());
          return 1;
        }
        long waitMillis = ReportPublisher.sendingMillis(reportDelay, speed);
        if (!publisher.awaitAll(waitMillis)) {
          System.err.println("replay: only " + publisher.sent() + " of " + publisher.total() + " reports were sent");
          return 1;
        }
        System.out.println("replay: " + publisher.sent() + " reports to " + EcgTopics.REPORTS.name());
      }
    }
    if (failure.get() != null) {
      System.err.println("replay: sending failed: " + failure.get().getMessage());
      return 1;
    }
    System.out.println("replay: done, " + frames + " frames of " + records.size() + " records to " + EcgTopics.RAW.name()
        + " at " + bootstrap);
    return 0;
  }
}
