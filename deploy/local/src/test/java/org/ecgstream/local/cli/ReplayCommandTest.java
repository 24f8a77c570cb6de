package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.framefile.FrameFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ecg replay}: records by path, ground truth from annotations and labels, looping, frame files, clear errors. */
@Timeout(120)
class ReplayCommandTest {

  @TempDir
  Path dir;

  @Test
  void mitBih100ByPathToAFileWithTruthHasEveryAnnotatedBeatOfTheReplayedMinute() throws Exception {
    Path record = SharedData.folder("mitdb").resolve("100");
    Path out = dir.resolve("100.avro");
    Path truthFile = dir.resolve("100.jsonl");

    int code = EcgCli.commandLine().execute("replay", "--record", record.toString(), "--out", out.toString(),
        "--truth-file", truthFile.toString(), "--duration", "60s", "--speed", "0");

    assertThat(code).isZero();
    // 60 s in 250 ms frames at 360 Hz: 240 frames of 90 samples, seq 0..239, device time 250 ms apart.
    List<EcgFrame> frames = FrameFileReader.readAll(out);
    assertThat(frames).extracting(EcgFrame::getSeq).containsExactlyElementsOf(range(240));
    assertThat(frames).allSatisfy(f -> assertThat(f.getDeviceTimeMillis() - frames.get(0).getDeviceTimeMillis())
        .isEqualTo(250L * f.getSeq()));
    List<JsonNode> truth = readTruthFile(truthFile);
    assertThat(truth).extracting(t -> t.path("frameSeq").asLong()).containsExactlyElementsOf(range(240));
    List<Long> annotated = AnnotationReader.read(record.getParent(), "100", "atr").stream()
        .filter(Annotation::isBeat).map(Annotation::sample).filter(s -> s < 240 * 90).toList();
    assertThat(annotated).hasSizeGreaterThan(60);
    assertThat(all(truth, "beats")).extracting(b -> b.path("rPeakSample").asLong()).isEqualTo(annotated);
  }

  @Test
  void aCincLabelArrivesAsTruthOnTheTruthTopicBesideTheFrames() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      TopicProvisioner.ensureTopics(broker.bootstrapServers(), EcgTopics.ALL);
      Path header = SharedData.folder("cinc2017").resolve("A00005.hea");

      int code = EcgCli.commandLine().execute("replay", "--bootstrap", broker.bootstrapServers(), "--record", header.toString(),
          "--lead", "ECG=II", "--duration", "10s", "--speed", "0");

      assertThat(code).isZero();
      assertThat(TopicValues.readAll(broker.bootstrapServers(), EcgTopics.RAW.name(), 40)).hasSize(40);
      List<EcgTruth> truth = TopicValues.readAll(broker.bootstrapServers(), EcgTopics.TRUTH.name(), 40).stream()
          .map(bytes -> EcgSerdes.truth().deserialize(bytes)).toList();
      assertThat(truth).hasSize(40).allSatisfy(t -> assertThat(t.getDeviceId()).isEqualTo("replay-A00005"));
      assertThat(truth.stream().flatMap(t -> t.getEvents().stream()).toList()).singleElement().satisfies(e -> {
        assertThat(e.getKind()).isEqualTo("ATRIAL_FIBRILLATION"); // REFERENCE.csv: A00005,A
        assertThat(e.getOffsetSample()).isEqualTo(18_000L);
      });
      assertThat(truth.get(0).getPatientId()).isEqualTo("replay-patient-A00005");
    }
  }

  @Test
  void loopRunsTwoPassesWithAContinuousDeviceClock() throws Exception {
    Path out = dir.resolve("loop.avro");
    Path truthFile = dir.resolve("loop.jsonl");

    // A00005 is 60 s at 300 Hz; 130 s is two whole passes and 10 s of a third.
    int code = EcgCli.commandLine().execute("replay", "--db", SharedData.folder("cinc2017").toString(), "--record", "A00005",
        "--lead", "ECG=II", "--loop", "--duration", "130s", "--speed", "0", "--out", out.toString(), "--truth-file", truthFile.toString());

    assertThat(code).isZero();
    List<EcgFrame> frames = FrameFileReader.readAll(out);
    assertThat(frames).extracting(EcgFrame::getSeq).containsExactlyElementsOf(range(520));
    long start = frames.get(0).getDeviceTimeMillis();
    assertThat(frames).allSatisfy(f -> assertThat(f.getDeviceTimeMillis()).isEqualTo(start + 250L * f.getSeq()));
    assertThat(frames.get(240).getSamples()).isEqualTo(frames.get(0).getSamples());
    assertThat(all(readTruthFile(truthFile), "events")).extracting(e -> e.path("onsetMillis").asLong())
        .containsExactly(start, start + 60_000, start + 120_000);
  }

  @Test
  void aMissingOrCorruptRecordExitsTwoNamingTheFile() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    // A copy of 100.hea whose signal line lost its format: the header is corrupt, the data untouched (and not copied).
    List<String> lines = Files.readAllLines(mitdb.resolve("100.hea"));
    lines.set(1, "100.dat");
    Path corrupt = Files.write(dir.resolve("100.hea"), lines);

    Run missing = run("replay", "--out", dir.resolve("x.avro").toString(), "--record", dir.resolve("no-such-record").toString());
    Run broken = run("replay", "--out", dir.resolve("y.avro").toString(), "--record", corrupt.toString());
    Run bothDestinations = run("replay", "--out", dir.resolve("z.avro").toString(), "--bootstrap", "localhost:1",
        "--record", mitdb.resolve("100").toString());

    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains(dir.resolve("no-such-record.hea").toString()).contains("does not exist");
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.err()).contains(corrupt.toString()).contains("signal line '100.dat'");
    assertThat(bothDestinations.code()).isEqualTo(2);
    assertThat(bothDestinations.err()).contains("exactly one of --bootstrap");
  }

  private record Run(int code, String err) {}

  private static Run run(String... args) {
    PrintStream before = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return new Run(EcgCli.commandLine().execute(args), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(before);
    }
  }

  /** The truth file's lines (Avro's JSON rendering of each EcgTruth, as ./ecg simulate --truth-file writes them). */
  static List<JsonNode> readTruthFile(Path file) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> truth = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      truth.add(json.readTree(line));
    }
    return truth;
  }

  private static List<JsonNode> all(List<JsonNode> truth, String field) {
    List<JsonNode> items = new ArrayList<>();
    truth.forEach(t -> t.path(field).forEach(items::add));
    return items;
  }

  private static List<Long> range(int n) {
    return java.util.stream.LongStream.range(0, n).boxed().toList();
  }
}
