package org.ecgstream.simulators.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.wfdb.PhysioNetMatExport;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;

class RecordReplayerTest {

  private static Path data(String sub) {
    return SharedData.folder(sub);
  }

  @Test
  void mitBihRecordReplaysAsLeadsIIAndV5WithItsExactSamplesAndTimes() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("mitdb"), "100");
    RecordReplayer replayer = new RecordReplayer(record, "dev", 1_000_000L, 250, Map.of());

    List<EcgFrame> frames = replayer.all();

    assertThat(replayer.leads()).containsExactly(Lead.II, Lead.V5);
    assertThat(frames).hasSize(650_000 / 90 + 1);
    EcgFrame second = frames.get(1);
    assertThat(second.getDeviceTimeMillis()).isEqualTo(1_000_250L);
    assertThat(second.getSampleRateHz()).isEqualTo(360);
    float[] mv = Int16Samples.toMillivolts(second.getSamples().get(0), second.getGainPerMv(), second.getBaselineAdc());
    float[] expected = record.physical(0);
    for (int i = 0; i < mv.length; i++) {
      assertThat(mv[i]).isEqualTo(expected[90 + i]);
    }
  }

  @Test
  void leadsAtDifferentGainsAreRequantisedToTheFinestAndPlethIsLeftOut() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("challenge2015"), "a103l");
    RecordReplayer replayer = new RecordReplayer(record, "dev", 0, 250, Map.of("V", Lead.V1));

    EcgFrame frame = replayer.next();

    assertThat(replayer.leads()).containsExactly(Lead.II, Lead.V1);
    assertThat(frame.getGainPerMv()).isEqualTo(10520f);
    float[] ii = Int16Samples.toMillivolts(frame.getSamples().get(0), frame.getGainPerMv(), frame.getBaselineAdc());
    float[] original = record.physical(0);
    for (int i = 0; i < ii.length; i++) {
      assertThat(ii[i]).isCloseTo(original[i], within(1f / 10520));
    }
  }

  @Test
  void invalidSamplesTravelAsTheInvalidMarker() throws Exception {
    WfdbRecord record = PhysioNetMatExport.read(data("cudb").resolve("mat/cu20m.mat"), 250, 400, "ECG");
    RecordReplayer replayer = new RecordReplayer(record, "dev", 0, 250, Map.of("ECG", Lead.II));
    long invalid = replayer.all().stream()
        .mapToLong(f -> {
          short[] s = Int16Samples.unpack(f.getSamples().get(0));
          long c = 0;
          for (short v : s) {
            c += v == Int16Samples.INVALID ? 1 : 0;
          }
          return c;
        }).sum();
    assertThat(invalid).isEqualTo(record.invalidSampleCount(0));
  }

  @Test
  void recordWithoutARecognisableLeadIsRefusedWithAHint() throws Exception {
    WfdbRecord record = WfdbRecord.read(data("cudb"), "cu01");
    assertThatThrownBy(() -> new RecordReplayer(record, "dev", 0, 250, Map.of()))
        .hasMessageContaining("no ECG lead").hasMessageContaining("ECG=II");
  }
}
