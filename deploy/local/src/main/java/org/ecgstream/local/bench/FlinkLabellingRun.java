package org.ecgstream.local.bench;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.ecgstream.flink.inference.InferenceBatcher;
import org.ecgstream.flink.inference.ModelWindow;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.local.demo.LocalPipeline;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * The Flink path: the alarm job's labelling branch ({@link EcgAlarmJob#labels}) on a MiniCluster in
 * this process, fed every frame of the recordings in device-time order from one source subtask,
 * its labels counted by {@link LabelArrivals}. Throughput is timed from the first label to the last,
 * so job start-up (reported apart) and the first window's fill are left out.
 */
public final class FlinkLabellingRun {

  /**
   * One run's outcome.
   *
   * @param path throughput, latency and batch sizes (batch buckets from the operator's histograms)
   * @param onnxBatches ONNX Runtime calls the JVM's batcher made (exact, from its totals)
   * @param meanBatch windows per call (exact)
   * @param largestBatch largest call seen in this JVM so far
   */
  public record Result(PathResult path, long onnxBatches, double meanBatch, long largestBatch) {}

  private final ModelConfig model;
  private final int parallelism;

  public FlinkLabellingRun(ModelConfig model, int parallelism) {
    this.model = model;
    this.parallelism = parallelism;
  }

  /** Labels every window of {@code recordings}; {@code onLabels} hears the count about once a second. */
  public Result run(BenchRecordings recordings, LongConsumer onLabels) throws Exception {
    AvroSafety.install();
    String run = "bench-" + UUID.randomUUID();
    StreamExecutionEnvironment env = environment();
    DataStream<EcgFrame> frames = env.fromSequence(0, recordings.frameCount() - 1).setParallelism(1).name("frame-numbers")
        .map(ReplayedFrames.of(run, recordings)).returns(TypeInformation.of(EcgFrame.class)).setParallelism(1)
        .name("replayed-frames")
        .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1))).setParallelism(1);
    EcgAlarmJob.labels(frames, model).sinkTo(new LabelArrivals(run)).name("count-labels");
    try {
      return execute(env, run, recordings.windowCount(), onLabels);
    } finally {
      ReplayedFrames.forget(run);
    }
  }

  /**
   * Labels the windows prepared beforehand, through the job's inference operator alone
   * ({@link EcgAlarmJob#inference}: the same async batched operator, batcher and in-flight bound),
   * fed by a source of the same parallelism chained to it, as the job's model switch is (no network
   * hop in front of the operator, which the job does not have either): the operator measured on
   * exactly the windows the plain loop gets.
   */
  public Result runOperator(PreparedWindows windows, int patients, LongConsumer onLabels) throws Exception {
    AvroSafety.install();
    String run = "bench-" + UUID.randomUUID();
    StreamExecutionEnvironment env = environment();
    DataStream<ModelWindow> prepared = env.fromSequence(0, windows.size() - 1).name("window-numbers")
        .map(ReplayedWindows.of(run, windows, patients)).returns(TypeInformation.of(ModelWindow.class))
        .name("prepared-windows");
    EcgAlarmJob.inference(prepared, model).sinkTo(new LabelArrivals(run)).name("count-labels");
    try {
      return execute(env, run, windows.size(), onLabels);
    } finally {
      ReplayedWindows.forget(run);
    }
  }

  private StreamExecutionEnvironment environment() throws java.io.IOException {
    InferenceHistograms.reset();
    Configuration conf = LocalPipeline.flinkConfig(java.nio.file.Files.createTempDirectory("ecg-bench-checkpoints-"));
    conf.setString(InferenceHistograms.REPORTER_KEY, InferenceHistograms.Factory.class.getName());
    return StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
  }

  /** Runs the job to its end, timing its labels from the first to the last. */
  private Result execute(StreamExecutionEnvironment env, String run, long windowsOffered, LongConsumer onLabels)
      throws Exception {
    InferenceBatcher.Totals totals = InferenceBatcher.totals();
    long batchesBefore = totals.batches.get();
    long windowsBefore = totals.windows.get();
    LabelArrivals.Clock clock = LabelArrivals.clock(run);
    try {
      long submitted = System.nanoTime();
      JobClient job = env.executeAsync("ecg-bench-inference");
      var done = job.getJobExecutionResult();
      while (!done.isDone()) {
        try {
          done.get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          onLabels.accept(clock.labels.get());
        }
      }
      done.get();
      long labels = clock.labels.get();
      if (labels == 0) {
        throw new IllegalStateException("the Flink job ended without a single label (see --verbose logs)");
      }
      double startup = (clock.firstNanos.get() - submitted) / 1e9;
      double seconds = (clock.lastNanos.get() - clock.firstNanos.get()) / 1e9;
      long batches = totals.batches.get() - batchesBefore;
      long windows = totals.windows.get() - windowsBefore;
      PathResult path = new PathResult(windowsOffered, labels, windowsOffered - labels, seconds,
          startup, LatencyQuantiles.of(InferenceHistograms.latencyMillis()), InferenceHistograms.batchSizes());
      return new Result(path, batches, batches == 0 ? Double.NaN : windows / (double) batches,
          totals.largestBatch.get());
    } finally {
      LabelArrivals.forget(run);
    }
  }
}
