package org.ecgstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.Recording;
import org.ecgstream.simulators.twelvelead.Scenario;
import org.ecgstream.simulators.twelvelead.TwelveLeadSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ModelWindows} on the MiniCluster: bounds on event time, the model's layout, flat windows skipped. */
@Timeout(60)
class ModelWindowsTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final long T0 = ModelTestData.T0;

  @Test
  void windowsInTheModelLayoutEndEveryStrideAndFlatWindowsAreSkipped() throws Exception {
    // 30 s of sinus rhythm on three leads, then 15 s of flat line.
    Recording r = new TwelveLeadSimulator(500, 5).simulate(Scenario.of(Finding.SINUS_RHYTHM), 45);
    List<Lead> leads = List.of(Lead.II, Lead.V1, Lead.I);
    float[][] mv = new float[3][];
    for (int l = 0; l < 3; l++) {
      mv[l] = r.lead(leads.get(l)).clone();
      java.util.Arrays.fill(mv[l], 30 * 500, mv[l].length, 0.1f);
    }
    List<EcgFrame> frames = ModelTestData.frames("p-1", T0, 500, leads, mv);
    WindowSpec spec = WindowSpec.of(ModelBundle.open(ModelTestData.BUNDLE).inputSpec(), Duration.ofSeconds(5));

    List<ModelWindow> windows = windows(frames, spec);

    // Windows ending at 40 s and 45 s see only flat line: skipped. The one ending at 35 s still
    // has 5 s of signal.
    assertThat(windows).extracting(w -> w.windowEndMillis - T0)
        .containsExactly(10_000L, 15_000L, 20_000L, 25_000L, 30_000L, 35_000L);
    assertThat(windows).allSatisfy(w -> {
      assertThat(w.windowEndMillis - w.windowStartMillis).isEqualTo(10_000);
      assertThat(w.leads).isEqualTo(12);
      assertThat(w.samples).isEqualTo(1000);
      assertThat(w.signal).hasSize(12 * 1000);
      // Model lead order I, II, III, aVR, aVL, aVF, V1..V6: I, II and V1 are present.
      assertThat(w.leadMask).containsExactly(1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
    });
  }

  @Test
  void eachWindowIsExactlyWhatTheTrainersPreprocessingMakesOfTheSameFrames() throws Exception {
    Recording r = new TwelveLeadSimulator(500, 7).simulate(Scenario.of(Finding.ATRIAL_FIBRILLATION), 25);
    List<Lead> leads = List.of(Lead.II, Lead.V1, Lead.I);
    float[][] mv = new float[3][];
    for (int l = 0; l < 3; l++) {
      mv[l] = r.lead(leads.get(l));
    }
    List<EcgFrame> frames = ModelTestData.frames("p-2", T0, 500, leads, mv);
    WindowSpec spec = WindowSpec.of(ModelBundle.open(ModelTestData.BUNDLE).inputSpec(), Duration.ofSeconds(5));

    List<ModelWindow> windows = windows(frames, spec);

    // The millivolts the frames carry (as the rhythm analysis reads them), cut to 10-20 s and
    // prepared offline by core's WindowPreprocessor, the trainer's code.
    java.util.Map<Lead, float[]> offline = new java.util.EnumMap<>(Lead.class);
    for (int l = 0; l < 3; l++) {
      float[] lead = new float[0];
      for (EcgFrame f : frames) {
        lead = concat(lead, org.ecgstream.flink.io.FrameSignal.millivolts(f)[l]);
      }
      offline.put(leads.get(l), java.util.Arrays.copyOfRange(lead, 10 * 500, 20 * 500));
    }
    org.ecgstream.core.preprocess.EcgWindow expected =
        new org.ecgstream.core.preprocess.WindowPreprocessor(spec.inputSpec()).prepare(offline, 500);
    ModelWindow window = windows.stream().filter(w -> w.windowEndMillis == T0 + 20_000).findFirst().orElseThrow();
    assertThat(window.signal).containsExactly(expected.flatten());
    assertThat(window.leadMask).containsExactly(expected.presenceAsFloats());
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<ModelWindow> windows(List<EcgFrame> frames, WindowSpec spec) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(1);
    List<ModelWindow> out = new ArrayList<>();
    env.fromData(frames, TypeInformation.of(EcgFrame.class))
        .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1)))
        .map(org.ecgstream.flink.rhythm.JudgedFrame::unjudged)
        .returns(org.ecgstream.flink.rhythm.JudgedFrame.class)
        .keyBy(judged -> judged.frame.getPatientId())
        .process(new ModelWindows(spec))
        .executeAndCollect()
        .forEachRemaining(out::add);
    return out;
  }
}
