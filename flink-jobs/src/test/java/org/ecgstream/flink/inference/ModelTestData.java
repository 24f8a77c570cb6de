package org.ecgstream.flink.inference;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.Recording;
import org.ecgstream.simulators.twelvelead.Scenario;
import org.ecgstream.simulators.twelvelead.TwelveLeadSimulator;

/** The default model bundle, frames from simulated recordings, and label runs on the MiniCluster. */
public final class ModelTestData {

  /** The committed default bundle ({@code models/cmelt-tiny}; surefire sets {@code ecg.models}). */
  public static final Path BUNDLE = Path.of(System.getProperty("ecg.models", "../models")).resolve("cmelt-tiny");
  public static final long T0 = 1_700_000_000_000L;
  static final int FRAME_MILLIS = 200;
  static final float GAIN_PER_MV = 1000f;

  private ModelTestData() {}

  public static ModelConfig model() {
    if (!Files.isRegularFile(BUNDLE.resolve("manifest.json"))) {
      throw new AssertionError("default model bundle not found at " + BUNDLE.toAbsolutePath());
    }
    return ModelConfig.defaults(BUNDLE.toString());
  }

  /** A simulated 12-lead recording of {@code finding} as frames of {@code patient}. */
  public static List<EcgFrame> simulated(Finding finding, double seconds, long seed, String patient) {
    Recording r = new TwelveLeadSimulator(250, seed).simulate(Scenario.of(finding), seconds);
    float[][] mv = new float[r.leads().size()][];
    for (int l = 0; l < mv.length; l++) {
      mv[l] = r.lead(r.leads().get(l));
    }
    return frames(patient, T0, r.sampleRateHz(), r.leads(), mv);
  }

  /** Frames of {@code FRAME_MILLIS} from signals in millivolts, 1000 ADC units per mV. */
  static List<EcgFrame> frames(String patient, long t0, int rateHz, List<Lead> leads, float[][] mv) {
    int perFrame = rateHz * FRAME_MILLIS / 1000;
    List<EcgFrame> frames = new ArrayList<>();
    for (int start = 0, seq = 0; start + perFrame <= mv[0].length; start += perFrame, seq++) {
      List<ByteBuffer> samples = new ArrayList<>();
      for (float[] lead : mv) {
        short[] adc = new short[perFrame];
        for (int i = 0; i < perFrame; i++) {
          adc[i] = (short) Math.max(-32767, Math.min(32767, Math.round(lead[start + i] * GAIN_PER_MV)));
        }
        samples.add(Int16Samples.pack(adc));
      }
      frames.add(EcgFrame.newBuilder().setDeviceId("dev-" + patient).setSeq(seq)
          .setDeviceTimeMillis(t0 + Math.round(start * 1000.0 / rateHz)).setSampleRateHz(rateHz)
          .setGainPerMv(GAIN_PER_MV).setLeads(leads).setSamples(samples).setPatientId(patient)
          .setBedId("bed-" + patient).build());
    }
    return frames;
  }

  /** Every label of {@code frames} (in device-time order per patient), sorted by patient and window end. */
  static List<EcgLabel> labels(List<EcgFrame> frames, ModelConfig model, int parallelism) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(parallelism);
    DataStream<EcgFrame> stream = env.fromData(frames, TypeInformation.of(EcgFrame.class))
        .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1)));
    List<EcgLabel> out = new ArrayList<>();
    EcgAlarmJob.labels(stream, model).executeAndCollect().forEachRemaining(out::add);
    out.sort(Comparator.comparing(EcgLabel::getPatientId).thenComparingLong(EcgLabel::getWindowEndMillis));
    return out;
  }

  /** The calibrated score of {@code label} in a window's labels. */
  static double score(EcgLabel window, String label) {
    return window.getScores().stream().filter(s -> s.getLabel().equals(label)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " score in " + window)).getScore();
  }

  /** Frames of several patients interleaved by device time, as a monitor network would send them. */
  public static List<EcgFrame> interleaved(List<List<EcgFrame>> patients) {
    List<EcgFrame> all = new ArrayList<>();
    patients.forEach(all::addAll);
    all.sort(Comparator.comparingLong(EcgFrame::getDeviceTimeMillis));
    return all;
  }
}
