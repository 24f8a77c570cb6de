package org.ecgstream.flink.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.archive.ArchiveLayout;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.LeadOff;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive branch on the Flink MiniCluster, bounded, with checkpoints on so the file sinks
 * commit: simulated beds (12 leads at 500 Hz, 3 leads at 250 Hz) and reports in, Avro files out,
 * read back with Avro's own reader.
 */
@Timeout(120)
class ArchiveJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  /** 20 s before midnight UTC, so the recordings fall into two day partitions. */
  private static final long T0 = Instant.parse("2026-11-26T23:59:40Z").toEpochMilli();
  private static final Duration LENGTH = Duration.ofSeconds(5);

  @TempDir Path archive;

  @Test
  void everyFrameIsArchivedExactlyOnceInRecordingsCutAsConfiguredAndPartitionedByUtcDay() throws Exception {
    List<EcgFrame> frames = scenario();
    List<EcgReport> reports = reports();

    run(frames, reports);

    assertArchived(frames, reports);
  }

  @Test
  void restartFromACheckpointNeitherLosesNorRepeatsARecording() throws Exception {
    List<EcgFrame> frames = scenario();
    List<EcgReport> reports = reports();
    FailOnceAfterCheckpoint.reset(frames.size() / 2);

    runFailingOnce(frames, reports);

    assertThat(FailOnceAfterCheckpoint.FAILED).as("the job failed once and was restored").isTrue();
    assertArchived(frames, reports);
  }

  /**
   * Three patients, 60 s each: patient-a without a break; patient-b with electrodes off from 10 s
   * to 12 s and frames 100-103 (25 s to 26 s) lost; patient-c on a 3-lead monitor at 250 Hz for
   * 17 s, then on a 12-lead cart at 500 Hz. In device-time order, as ingest delivers them.
   */
  private static List<EcgFrame> scenario() {
    List<EcgFrame> frames = new ArrayList<>();
    frames.addAll(frames(bed("patient-a", List.of()), StandardLeads.TWELVE, 500, 250, T0, 0, 240));
    List<EcgFrame> b = frames(bed("patient-b", List.of(new LeadOff(10_000, 12_000))), StandardLeads.TWELVE, 500, 250, T0, 0, 240);
    b.subList(100, 104).clear();
    frames.addAll(b);
    frames.addAll(frames(bed("patient-c", List.of()), List.of(Lead.I, Lead.II, Lead.III), 250, 200, T0, 0, 85));
    frames.addAll(frames(bed("patient-c", List.of()), StandardLeads.TWELVE, 500, 250, T0 + 17_000, 0, 172));
    frames.sort(Comparator.comparingLong(EcgFrame::getDeviceTimeMillis));
    return frames;
  }

  private static List<EcgReport> reports() {
    return List.of(
        report("patient-a", T0 + 10_000, T0 + 20_000, "Sinus rhythm. Normal ECG."),
        report("patient-b", T0 + 30_000, T0 + 40_000, "Sinus rhythm, artefacts."));
  }

  private void assertArchived(List<EcgFrame> frames, List<EcgReport> reports) throws IOException {
    Map<Path, List<ArchivedRecording>> files = read(archive.resolve(ArchiveLayout.RECORDINGS), ArchivedRecording.class);
    List<ArchivedRecording> recordings = files.values().stream().flatMap(List::stream).toList();
    assertThat(recordings).isNotEmpty();

    // Cut as configured: 5 s of device time, earlier at the gap, the change of monitor and the end.
    Map<String, List<String>> spans = new TreeMap<>();
    recordings.stream()
        .sorted(Comparator.comparing(ArchivedRecording::getPatientId).thenComparingLong(ArchivedRecording::getStartMillis))
        .forEach(r -> spans.computeIfAbsent(r.getPatientId(), p -> new ArrayList<>())
            .add((r.getStartMillis() - T0) / 1000 + "s+" + durationMillis(r)));
    assertThat(spans).containsExactlyEntriesOf(new TreeMap<>(Map.of(
        "patient-a", List.of("0s+5000", "5s+5000", "10s+5000", "15s+5000", "20s+5000", "25s+5000", "30s+5000",
            "35s+5000", "40s+5000", "45s+5000", "50s+5000", "55s+5000"),
        "patient-b", List.of("0s+5000", "5s+5000", "10s+5000", "15s+5000", "20s+5000", "26s+5000", "31s+5000",
            "36s+5000", "41s+5000", "46s+5000", "51s+5000", "56s+4000"),
        "patient-c", List.of("0s+5000", "5s+5000", "10s+5000", "15s+2000", "17s+5000", "22s+5000", "27s+5000",
            "32s+5000", "37s+5000", "42s+5000", "47s+5000", "52s+5000", "57s+3000"))));

    // Every frame's samples exactly once, in exactly one recording; lead-off samples invalid.
    long framesSamples = 0;
    for (EcgFrame frame : frames) {
      List<ArchivedRecording> holding = recordings.stream()
          .filter(r -> r.getPatientId().equals(frame.getPatientId()) && r.getStartMillis() <= frame.getDeviceTimeMillis()
              && frame.getDeviceTimeMillis() < r.getStartMillis() + durationMillis(r))
          .toList();
      assertThat(holding).as("recordings holding frame %s@%d", frame.getPatientId(), frame.getDeviceTimeMillis()).hasSize(1);
      ArchivedRecording r = holding.get(0);
      assertThat(r.getLeads()).isEqualTo(frame.getLeads());
      assertThat(r.getSampleRateHz()).isEqualTo(frame.getSampleRateHz());
      int offset = Math.toIntExact((frame.getDeviceTimeMillis() - r.getStartMillis()) * r.getSampleRateHz() / 1000);
      boolean off = frame.getLeadOff().contains(true);
      for (int l = 0; l < frame.getLeads().size(); l++) {
        short[] sent = Int16Samples.unpack(frame.getSamples().get(l));
        short[] kept = Int16Samples.unpack(r.getSamples().get(l));
        for (int i = 0; i < sent.length; i++) {
          assertThat(kept[offset + i]).isEqualTo(off ? Int16Samples.INVALID : sent[i]);
        }
      }
      framesSamples += (long) Int16Samples.count(frame.getSamples().get(0)) * frame.getLeads().size();
    }
    long archivedSamples = recordings.stream()
        .mapToLong(r -> (long) Int16Samples.count(r.getSamples().get(0)) * r.getLeads().size()).sum();
    assertThat(archivedSamples).isEqualTo(framesSamples);

    // Ids, no report yet, and each file in the UTC day of its recordings' first sample.
    assertThat(recordings).allSatisfy(r -> {
      assertThat(r.getRecordId()).isEqualTo(r.getPatientId() + ":" + r.getStartMillis());
      assertThat(r.getReport()).isNull();
      assertThat(r.getBedId()).isEqualTo("bed-" + r.getPatientId());
    });
    files.forEach((file, inFile) -> assertThat(inFile).allSatisfy(r -> assertThat(file.getParent().getFileName().toString())
        .isEqualTo(ArchiveLayout.dayPartition(r.getStartMillis()))));
    assertThat(files.keySet()).extracting(f -> f.getParent().getFileName().toString()).containsOnly("day=2026-11-26", "day=2026-11-27");

    // Reports archived as they came, by the day their recording started.
    Map<Path, List<EcgReport>> reportFiles = read(archive.resolve(ArchiveLayout.REPORTS), EcgReport.class);
    assertThat(reportFiles.values().stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(reports);
    reportFiles.forEach((file, inFile) -> assertThat(inFile).allSatisfy(r -> assertThat(file.getParent().getFileName().toString())
        .isEqualTo(ArchiveLayout.dayPartition(r.getRecordingStartMillis()))));
  }

  private void run(List<EcgFrame> frames, List<EcgReport> reports) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(2);
    // Files are committed on checkpoints, the last one when the bounded input ends.
    env.enableCheckpointing(200);
    EcgAlarmJob.archive(
        env.fromData(frames, TypeInformation.of(EcgFrame.class))
            .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1))),
        env.fromData(reports, TypeInformation.of(EcgReport.class)).assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks()),
        ArchiveConfig.defaults(archive.toUri().toString()).withRecordingLength(LENGTH),
        Duration.ofSeconds(1));
    env.execute("archive-test");
  }

  /**
   * The same job with frames paced to 40 per checkpoint (so checkpoints fall between them) and one
   * failure halfway, after a checkpoint completed; one restart from that checkpoint allowed.
   */
  private void runFailingOnce(List<EcgFrame> frames, List<EcgReport> reports) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ZERO);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    env.enableCheckpointing(100);
    ArrayList<EcgFrame> inOrder = new ArrayList<>(frames);
    DataGeneratorSource<EcgFrame> source = new DataGeneratorSource<>(index -> inOrder.get(Math.toIntExact(index)),
        inOrder.size(), RateLimiterStrategy.perCheckpoint(40), TypeInformation.of(EcgFrame.class));
    // One source subtask keeps each patient's frames in device order, as a Kafka partition does.
    DataStream<EcgFrame> paced = env
        .fromSource(source, EventTime.framesWithBoundedDelay(Duration.ofSeconds(1)), "frames").setParallelism(1)
        .map(new FailOnceAfterCheckpoint()).setParallelism(1);
    EcgAlarmJob.archive(
        paced,
        env.fromData(reports, TypeInformation.of(EcgReport.class)).assignTimestampsAndWatermarks(WatermarkStrategy.noWatermarks()),
        ArchiveConfig.defaults(archive.toUri().toString()).withRecordingLength(LENGTH),
        Duration.ofSeconds(1));
    env.execute("archive-restart-test");
  }

  /** Passes frames on, and fails the job once, at the n-th frame after a checkpoint has completed. */
  static final class FailOnceAfterCheckpoint extends RichMapFunction<EcgFrame, EcgFrame> implements CheckpointListener {
    static volatile boolean FAILED;
    static volatile boolean CHECKPOINTED;
    static volatile int failAt;
    private int seen;

    static void reset(int frame) {
      FAILED = false;
      CHECKPOINTED = false;
      failAt = frame;
    }

    @Override
    public EcgFrame map(EcgFrame frame) {
      seen++;
      if (!FAILED && CHECKPOINTED && seen >= failAt) {
        FAILED = true;
        throw new IllegalStateException("injected failure at frame " + seen + " (the test expects one restart)");
      }
      return frame;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTED = true;
    }
  }

  /** Every finished file under {@code folder} with its records; fails on a file left in progress. */
  static <T extends SpecificRecordBase> Map<Path, List<T>> read(Path folder, Class<T> type) throws IOException {
    Map<Path, List<T>> out = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        assertThat(ArchiveLayout.isFinishedFile(file.getFileName().toString()))
            .as("only committed files after the job: %s", file).isTrue();
        List<T> records = new ArrayList<>();
        try (DataFileReader<T> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(type))) {
          reader.forEach(records::add);
        }
        out.put(file, records);
      }
    }
    return out;
  }

  private static long durationMillis(ArchivedRecording r) {
    return Int16Samples.count(r.getSamples().get(0)) * 1000L / r.getSampleRateHz();
  }

  private static BedScript bed(String patient, List<LeadOff> leadOffs) {
    return new BedScript("dev-" + patient, patient, "bed-" + patient, List.of(new RateChange(0, 72)), leadOffs,
        BedScript.DEMO_NOISE_MV, null);
  }

  private static List<EcgFrame> frames(BedScript script, List<Lead> leads, int rateHz, int frameMillis, long start,
      long seed, int count) {
    SimulatedBed bed = new SimulatedBed(script, leads, rateHz, frameMillis, start, seed + script.patientId().hashCode());
    List<EcgFrame> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      EcgFrame frame = bed.nextFrame();
      frame.setPatientId(script.patientId());
      frame.setBedId(script.bedId());
      out.add(frame);
    }
    return out;
  }

  private static EcgReport report(String patient, long start, long end, String text) {
    return EcgReport.newBuilder()
        .setRecordId("report-" + patient + "-" + start)
        .setPatientId(patient)
        .setRecordingStartMillis(start)
        .setRecordingEndMillis(end)
        .setText(text)
        .setLanguage("en")
        .setSignedBy("dr-test")
        .setSignedAtMillis(end + 3_600_000)
        .build();
  }
}
