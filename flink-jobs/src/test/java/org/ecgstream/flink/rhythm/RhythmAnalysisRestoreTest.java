package org.ecgstream.flink.rhythm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.flink.inference.ModelTestData;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.simulators.twelvelead.Finding;
import org.junit.jupiter.api.Test;

/**
 * The rhythm analysis restored from a snapshot taken mid-stream goes on exactly as if it had never
 * stopped: same running heart rates, same rhythm changes (its state is the detectors' whole signal
 * history and the beats of the last rate window, and only their work space is left out of it).
 */
class RhythmAnalysisRestoreTest {

  @Test
  void restoredAnalysisFindsTheSameRatesAndChangesAsAnUninterruptedOne() throws Exception {
    List<List<EcgFrame>> patients = List.of(
        ModelTestData.simulated(Finding.SINUS_RHYTHM, 40, 11, "p-sinus"),
        ModelTestData.simulated(Finding.ATRIAL_FIBRILLATION, 40, 12, "p-af"));
    List<EcgFrame> frames = ModelTestData.interleaved(patients);
    int cut = frames.size() / 2;

    Outputs whole = new Outputs();
    try (var harness = harness()) {
      harness.open();
      feed(harness, frames, 0, frames.size());
      whole.collect(harness);
    }

    Outputs resumed = new Outputs();
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      feed(harness, frames, 0, cut);
      snapshot = harness.snapshot(1, frames.get(cut - 1).getDeviceTimeMillis());
      resumed.collect(harness);
    }
    try (var harness = harness()) {
      harness.initializeState(snapshot);
      harness.open();
      feed(harness, frames, cut, frames.size());
      resumed.collect(harness);
    }

    assertThat(whole.rates).as("a rate every frame").hasSize(frames.size());
    assertThat(whole.rates).as("valid rates").filteredOn(r -> r.contains("valid")).hasSizeGreaterThan(100);
    assertThat(whole.changes).as("the AF patient's AF is reported").anyMatch(c -> c.contains("p-af"));
    assertThat(resumed.rates).isEqualTo(whole.rates);
    assertThat(resumed.changes).isEqualTo(whole.changes);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, EcgFrame, HeartRate> harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new RhythmAnalysis(RhythmSettings.defaults(), 10_000)), EcgFrame::getPatientId,
        TypeInformation.of(String.class));
  }

  private static void feed(KeyedOneInputStreamOperatorTestHarness<String, EcgFrame, HeartRate> harness,
      List<EcgFrame> frames, int from, int to) throws Exception {
    for (EcgFrame f : frames.subList(from, to)) {
      harness.processElement(new StreamRecord<>(f, f.getDeviceTimeMillis()));
    }
  }

  /** Rates and rhythm changes as comparable strings. */
  private static final class Outputs {
    final List<String> rates = new ArrayList<>();
    final List<String> changes = new ArrayList<>();

    void collect(KeyedOneInputStreamOperatorTestHarness<String, EcgFrame, HeartRate> harness) {
      harness.extractOutputValues().forEach(r -> rates.add(r.patientId + "@" + r.measuredAtMillis + " " + r.bpm + " "
          + r.beats + " " + (r.valid() ? "valid" : r.invalidReason)));
      var side = harness.getSideOutput(RhythmAnalysis.CHANGES);
      if (side != null) {
        side.forEach(r -> {
          RhythmChange c = r.getValue();
          changes.add(c.patientId + " " + c.condition + " " + c.started + " @" + c.eventTimeMillis + " " + c.detail);
        });
      }
    }
  }
}
