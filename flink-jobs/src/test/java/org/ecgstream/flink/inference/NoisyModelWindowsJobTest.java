package org.ecgstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.flink.rhythm.JudgedFrame;
import org.ecgstream.flink.rhythm.RhythmAnalysis;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.replay.RecordReplayer;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.Recording;
import org.ecgstream.simulators.twelvelead.Scenario;
import org.ecgstream.simulators.twelvelead.TwelveLeadSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Model windows that overlap a NOISE period are skipped and counted (issue #6): in the job on the
 * MiniCluster with a real noisy record, and window by window against the counters.
 */
@Timeout(120)
class NoisyModelWindowsJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final long T0 = ModelTestData.T0;

  @Test
  void theJobSkipsTheWindowsOverlappingTheNoisePeriodOfARealRecord() throws Exception {
    // NSTDB 118e00 from 240 s to 480 s: electrode motion at 0 dB on both leads from 300 s to 420 s.
    WfdbRecord record = WfdbRecord.read(SharedData.folder("nstdb"), "118e00");
    RecordReplayer replayer = new RecordReplayer(record, "nst118", T0, 250, Map.of());
    List<EcgFrame> frames = new ArrayList<>();
    while (replayer.hasNext()) {
      EcgFrame frame = replayer.next();
      long offset = frame.getDeviceTimeMillis() - T0;
      if (offset >= 480_000) {
        break;
      }
      if (offset >= 240_000) {
        frame.setPatientId("p-118");
        frame.setBedId("bed-118");
        frames.add(frame);
      }
    }
    WindowSpec spec = WindowSpec.of(ModelBundle.open(ModelTestData.BUNDLE).inputSpec(), Duration.ofSeconds(5));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(1);
    DataStream<EcgFrame> stream = env.fromData(frames, TypeInformation.of(EcgFrame.class))
        .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1)));
    List<ModelWindow> windows = new ArrayList<>();
    EcgAlarmJob.windows(EcgAlarmJob.rhythm(stream, AlarmJobConfig.defaults("unused:9092")).getSideOutput(RhythmAnalysis.JUDGED_FRAMES), spec)
        .executeAndCollect().forEachRemaining(windows::add);

    List<Long> ends = windows.stream().map(w -> (w.windowEndMillis - T0) / 1000).toList();
    // The NOISE alarm on this stretch runs from 328 s to 438 s (RhythmAlarmsJobTest checks it
    // through the job; on MLII the first 25 s of the noise are mild): every window overlapping it
    // is skipped, every other one goes on, in order.
    List<Long> expected = new ArrayList<>();
    for (long end = 250; end <= 480; end += 5) {
      if (end <= 325 || end - 10 >= 440) {
        expected.add(end);
      }
    }
    assertThat(ends).containsExactlyElementsOf(expected);
  }

  @Test
  void windowsOverlappingNoisyFramesAreSkippedAndCountedApartFromLeadOff() throws Exception {
    // 45 s of sinus rhythm on three leads, judged NOISE from 20 s to 25 s, flat from 35 s.
    Recording r = new TwelveLeadSimulator(500, 5).simulate(Scenario.of(Finding.SINUS_RHYTHM), 45);
    List<Lead> leads = List.of(Lead.II, Lead.V1, Lead.I);
    float[][] mv = new float[3][];
    for (int l = 0; l < 3; l++) {
      mv[l] = r.lead(leads.get(l)).clone();
      java.util.Arrays.fill(mv[l], 35 * 500, mv[l].length, 0.1f);
    }
    List<EcgFrame> frames = ModelTestData.frames("p-1", T0, 500, leads, mv);
    WindowSpec spec = WindowSpec.of(ModelBundle.open(ModelTestData.BUNDLE).inputSpec(), Duration.ofSeconds(5));
    ModelWindows function = new ModelWindows(spec);

    try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, JudgedFrame, ModelWindow>(
        new KeyedProcessOperator<>(function), judged -> judged.frame.getPatientId(), Types.STRING)) {
      harness.open();
      for (EcgFrame frame : frames) {
        long offset = frame.getDeviceTimeMillis() - T0;
        harness.processElement(new StreamRecord<>(new JudgedFrame(frame, offset >= 20_000 && offset < 25_000)));
      }

      // [15, 25) and [20, 30) overlap the noise; [35, 45) is all flat line.
      assertThat(harness.extractOutputValues()).extracting(w -> (w.windowEndMillis - T0) / 1000)
          .containsExactly(10L, 15L, 20L, 35L, 40L);
      assertThat(function.windowsSkippedNoisyAndNoUsableLead()).containsExactly(2, 1);
    }
  }
}
