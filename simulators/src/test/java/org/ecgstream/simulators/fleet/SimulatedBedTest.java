package org.ecgstream.simulators.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

class SimulatedBedTest {

  private static final long START = 1_700_000_000_000L;

  @Test
  void framesAreContiguousInSequenceAndDeviceTime() {
    SimulatedBed bed = new SimulatedBed(BedScript.steady("dev-1", "p-1", "bed-1", 72), StandardLeads.TWELVE, 500, 250, START, 1);
    for (int i = 0; i < 8; i++) {
      EcgFrame frame = bed.nextFrame();
      assertThat(frame.getSeq()).isEqualTo(i);
      assertThat(frame.getDeviceTimeMillis()).isEqualTo(START + 250L * i);
      assertThat(frame.getLeads()).isEqualTo(StandardLeads.TWELVE);
      assertThat(frame.getSamples()).hasSize(12).allSatisfy(lead -> assertThat(Int16Samples.count(lead)).isEqualTo(125));
      assertThat(frame.getPatientId()).as("devices do not know patients; ingest binds them").isNull();
    }
  }

  @Test
  void samplesCarryMillivoltsAtTheStatedGain() {
    SimulatedBed bed = new SimulatedBed(BedScript.steady("dev-1", "p-1", "bed-1", 60), List.of(Lead.II), 500, 1000, START, 1);
    EcgFrame frame = bed.nextFrame();
    float[] mv = Int16Samples.toMillivolts(frame.getSamples().get(0), frame.getGainPerMv(), frame.getBaselineAdc());
    float max = Float.NEGATIVE_INFINITY;
    for (float v : mv) {
      max = Math.max(max, v);
    }
    // The generator's R wave is 1.2 mV on lead II; quantisation at 200/mV is 5 uV.
    assertThat(max).isBetween(1.1f, 1.35f);
  }

  @Test
  void scriptedRateChangeTakesEffectAtItsOffset() {
    BedScript script = new BedScript("d", "p", "b", List.of(new BedScript.RateChange(0, 60), new BedScript.RateChange(30_000, 150)));
    assertThat(script.rateAt(29_999)).isEqualTo(60);
    assertThat(script.rateAt(30_000)).isEqualTo(150);
  }

  @Test
  void framesOfAFractionalSampleCountAlternateSoTheDeviceClockStaysExact() {
    // 250 ms at 250 Hz is 62.5 samples: 62 and 63 in turn, each frame stamped with its first sample's time.
    SimulatedBed bed = new SimulatedBed(BedScript.steady("d", "p", "b", 60), List.of(Lead.II), 250, 250, START, 1);
    long samples = 0;
    for (int i = 0; i < 8; i++) {
      EcgFrame f = bed.nextFrame();
      assertThat(f.getDeviceTimeMillis()).isEqualTo(START + samples * 4);
      int n = f.getSamples().get(0).remaining() / 2;
      assertThat(n).isEqualTo(i % 2 == 0 ? 62 : 63);
      samples += n;
    }
    assertThat(samples).isEqualTo(500);
    assertThatThrownBy(() -> new SimulatedBed(BedScript.steady("d", "p", "b", 60), List.of(Lead.II), 250, 2, START, 1))
        .hasMessageContaining("less than one sample");
  }
}
