package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.simulators.framefile.FrameFileReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./ecg simulate --out}: simulated beds into a frame file without a broker, the same frames for the same arguments. */
@Timeout(60)
class SimulateToFileTest {

  @TempDir
  Path dir;

  @Test
  void theSameArgumentsWriteTheSameFramesAndAnotherSeedDoesNot() throws Exception {
    Path first = dir.resolve("first.avro");
    Path second = dir.resolve("second.avro");
    Path otherSeed = dir.resolve("other.avro");

    assertThat(EcgCli.commandLine().execute("simulate", "--beds", "2", "--duration", "5s", "--seed", "7", "--out", first.toString()))
        .isZero();
    assertThat(EcgCli.commandLine().execute("simulate", "--beds", "2", "--duration", "5s", "--seed", "7", "--out", second.toString()))
        .isZero();
    assertThat(EcgCli.commandLine().execute("simulate", "--beds", "2", "--duration", "5s", "--seed", "8", "--out", otherSeed.toString()))
        .isZero();

    List<EcgFrame> frames = FrameFileReader.readAll(first);
    // 5 s of 250 ms frames from 2 beds, tick by tick; device time from the fixed file start.
    assertThat(frames).hasSize(2 * 20);
    for (String device : List.of("monitor-01", "monitor-02")) {
      List<EcgFrame> bed = frames.stream().filter(f -> f.getDeviceId().equals(device)).toList();
      assertThat(bed).extracting(EcgFrame::getSeq).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().toList());
      assertThat(bed.get(0).getDeviceTimeMillis()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }
    assertThat(FrameFileReader.readAll(second)).isEqualTo(frames);
    List<EcgFrame> other = FrameFileReader.readAll(otherSeed);
    assertThat(other).hasSize(frames.size());
    assertThat(other.get(5).getSamples()).isNotEqualTo(frames.get(5).getSamples());
  }

  @Test
  void aScenarioWritesEveryBedsFramesAndItsTruthFile() throws Exception {
    Path out = dir.resolve("ward.avro");
    Path truthFile = dir.resolve("ward.jsonl");

    // twelve-lead-truth.json: 3 twelve-lead beds for 20 s at 500 Hz (bed-b's electrodes railed off from 12 to 16 s).
    int code = EcgCli.commandLine().execute("simulate", "--scenario", "src/test/resources/scenarios/twelve-lead-truth.json",
        "--out", out.toString(), "--truth-file", truthFile.toString(), "--start", "2026-03-01T08:00:00Z");

    assertThat(code).isZero();
    List<EcgFrame> frames = FrameFileReader.readAll(out);
    assertThat(frames).hasSize(3 * 80);
    assertThat(frames).allSatisfy(f -> assertThat(f.getSamples()).hasSize(12));
    assertThat(frames.stream().filter(f -> f.getLeadOff().contains(true)).map(EcgFrame::getDeviceId).distinct())
        .containsExactly("sim-monitor-02");
    assertThat(frames.get(0).getDeviceTimeMillis()).isEqualTo(Instant.parse("2026-03-01T08:00:00Z").toEpochMilli());
    List<JsonNode> truth = ReplayCommandTest.readTruthFile(truthFile);
    assertThat(truth).hasSize(3 * 80);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(truth.get(i).path("deviceId").asText()).isEqualTo(frames.get(i).getDeviceId());
      assertThat(truth.get(i).path("frameSeq").asLong()).isEqualTo(frames.get(i).getSeq());
    }
  }

  @Test
  void neitherOrBothDestinationsIsAUsageError() {
    assertThat(EcgCli.commandLine().execute("simulate", "--beds", "1", "--duration", "1s")).isEqualTo(2);
    assertThat(EcgCli.commandLine().execute("simulate", "--beds", "1", "--duration", "1s", "--bootstrap", "localhost:1",
        "--out", dir.resolve("x.avro").toString())).isEqualTo(2);
  }
}
