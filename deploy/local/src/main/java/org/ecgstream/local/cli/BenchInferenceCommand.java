package org.ecgstream.local.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.flink.inference.BatchedZeroShotInference;
import org.ecgstream.flink.inference.WindowSpec;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.local.bench.BenchRecordings;
import org.ecgstream.local.bench.FlinkLabellingRun;
import org.ecgstream.local.bench.InferenceBenchReport;
import org.ecgstream.local.bench.PathResult;
import org.ecgstream.local.bench.PlainInferenceLoop;
import org.ecgstream.local.bench.PreparedWindows;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg bench inference}: zero-shot labelling through the Flink operator against a plain ONNX Runtime loop. */
@Command(
    name = "inference",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Labelled windows per second through the Flink inference operator vs a plain ONNX Runtime loop.",
    description = {
      "Simulates 12-lead recordings at 500 Hz for --patients patients, long enough for --windows model",
      "windows (10 s every 5 s, as the job cuts them), once. Then measures, over the same windows:",
      "  plain  OnnxEncoders.embedEcg + ZeroShotLabeller.score in batches of --batch, one thread,",
      "         after a warm-up, on windows preprocessed beforehand with core's WindowPreprocessor;",
      "  operator  EcgAlarmJob.inference (the job's async batched zero-shot operator) on a MiniCluster",
      "         in this process, fed the plain loop's prepared windows from memory; labels counted by a",
      "         sink, timed from the first label to the last, job start-up reported apart;",
      "  flink  EcgAlarmJob.labels (model windows cut and prepared from frames -> the same operator),",
      "         frames replayed from memory, timed the same way.",
      "Plain loop and operator alternate --repeat times and each path's median round counts (runs of a",
      "few seconds swing by tens of per cent on a shared machine); the run from frames runs once.",
      "Prints windows/s of each, operator / plain (issue #6 target: >= 0.8x) and from-frames / plain,",
      "p50/p95/p99 per-window latency, batches by size, CPUs and JVM heap. Progress goes to stderr, the result to",
      "stdout (a table, or one JSON object with --json). About 1-2 minutes with the defaults on 2 cores.",
      ""
    })
final class BenchInferenceCommand implements Callable<Integer> {

  private static final long SEED = 6;
  private static final int WARMUP_BATCHES = 3;
  private static final int SIMULATED_RATE_HZ = 500;

  private double preprocessSeconds;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--windows", defaultValue = "3000",
      description = "Model windows per path, rounded up to whole windows per patient (default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(names = "--patients", defaultValue = "16",
      description = "Simulated patients, rhythms cycling sinus, AF, tachycardia, flutter, bradycardia (default: ${DEFAULT-VALUE}).")
  int patients;

  @Option(names = "--batch", defaultValue = "32",
      description = "Most windows per ONNX Runtime call, both paths (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--max-wait-ms", defaultValue = "20",
      description = "Flink path: longest a window waits for its batch to fill (default: ${DEFAULT-VALUE}).")
  long maxWaitMillis;

  @Option(names = "--parallelism", defaultValue = "2",
      description = "Flink path: job parallelism; the JVM's subtasks share one ONNX Runtime session (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--in-flight", defaultValue = "0",
      description = "Flink path: windows each inference subtask may have waiting; 0 sizes it so the batcher's queue"
          + " (max(64, 4 x batch)) never sheds a window (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--model-dir", description = "Model bundle directory (default: models/cmelt-tiny beside ./ecg).")
  Path modelDir;

  @Option(names = "--device", defaultValue = "cpu",
      description = "cpu, cuda or cuda:N; CUDA falls back to CPU with one warning (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--repeat", defaultValue = "3",
      description = "Rounds of plain loop then operator; each path's median round is reported (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--json", description = "Print the result as one JSON object instead of a table.")
  boolean json;

  @Option(names = "--verbose", description = "Show Flink's and ONNX Runtime's logs.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    PrintWriter err = spec.commandLine().getErr();
    validate();
    Path dir = modelDir != null ? modelDir : DemoCommand.defaultModelDir();
    if (dir == null || !Files.isRegularFile(dir.resolve("manifest.json"))) {
      err.println("bench inference: no model bundle at " + (dir == null ? "models/cmelt-tiny" : dir.toAbsolutePath())
          + " (no manifest.json); give --model-dir DIR with a bundle written by ./ecg export, e.g. models/cmelt-tiny");
      err.flush();
      return 2;
    }
    ModelBundle bundle;
    try {
      bundle = BatchedZeroShotInference.openBundle(dir);
    } catch (IllegalStateException e) {
      err.println("bench inference: " + e.getMessage());
      err.flush();
      return 2;
    }
    ModelConfig model = modelConfig(dir);
    WindowSpec windowSpec = WindowSpec.of(bundle.inputSpec(), model.stride());
    int perPatient = (windows + patients - 1) / patients;

    progress(err, "simulating %d patients x %d windows of 12-lead ECG at %d Hz ...", patients, perPatient,
        SIMULATED_RATE_HZ);
    BenchRecordings recordings;
    try {
      recordings = BenchRecordings.simulate(patients, perPatient, SIMULATED_RATE_HZ, windowSpec.windowMillis(),
          windowSpec.strideMillis(), SEED, p -> { });
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), String.format(Locale.ROOT,
          "%d windows over %d patients is %d windows each, more signal than the simulator makes per patient (%s):"
              + " give more --patients", windows, patients, perPatient, e.getMessage()));
    }
    PreparedWindows prepared = prepare(bundle, recordings, err);
    FlinkLabellingRun runs = new FlinkLabellingRun(model, parallelism);
    // The two paths alternate, --repeat times: a few seconds per run on a shared machine swing by tens
    // of per cent, so each path's median run is what the ratio compares.
    List<PathResult> plainRuns = new ArrayList<>();
    List<FlinkLabellingRun.Result> operatorRuns = new ArrayList<>();
    for (int r = 1; r <= repeat; r++) {
      progress(err, "round %d of %d", r, repeat);
      plainRuns.add(measurePlain(bundle, prepared, err));
      progress(err, "Flink inference operator on the prepared windows: parallelism %d, %d in flight per subtask,"
          + " starting the MiniCluster ...", parallelism, model.inFlightPerSubtask());
      FlinkLabellingRun.Result operatorRun = runs.runOperator(prepared, patients, progressEvery2s(err, "operator",
          prepared.size()));
      progress(err, "operator: %.1f windows/s", operatorRun.path().windowsPerSecond());
      operatorRuns.add(operatorRun);
    }
    PathResult plain = median(plainRuns, PathResult::windowsPerSecond);
    FlinkLabellingRun.Result operator = median(operatorRuns, o -> o.path().windowsPerSecond());
    prepared = null; // hundreds of MB: not needed for the run from frames

    progress(err, "Flink labelling from frames: parallelism %d, %d in flight per subtask, starting the MiniCluster ...",
        parallelism, model.inFlightPerSubtask());
    FlinkLabellingRun.Result flink = runs.run(recordings, progressEvery2s(err, "flink", recordings.windowCount()));
    progress(err, "flink: %.1f windows/s", flink.path().windowsPerSecond());

    InferenceBenchReport report = new InferenceBenchReport(bundle.manifest().name() + "@" + bundle.manifest().version(),
        device, recordings.windowCount(), patients, batch, maxWaitMillis, parallelism, model.inFlightPerSubtask(), plain,
        operator, flink, preprocessSeconds,
        plainRuns.stream().map(PathResult::windowsPerSecond).toList(),
        operatorRuns.stream().map(o -> o.path().windowsPerSecond()).toList());
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.json() + System.lineSeparator() : report.table());
    out.flush();
    return 0;
  }

  /** Cuts and preprocesses every window once, on one thread (timed apart, in no path's figure). */
  private PreparedWindows prepare(ModelBundle bundle, BenchRecordings recordings, PrintWriter err) {
    long started = System.nanoTime();
    PreparedWindows prepared = recordings.prepare(bundle.inputSpec());
    preprocessSeconds = (System.nanoTime() - started) / 1e9;
    progress(err, "%d windows prepared in %.1f s, one thread (%d frames for the run from frames)", prepared.size(),
        preprocessSeconds, recordings.frameCount());
    return prepared;
  }

  /** Times the plain loop over the prepared windows. */
  private PathResult measurePlain(ModelBundle bundle, PreparedWindows prepared, PrintWriter err) throws Exception {
    int total = prepared.size();
    progress(err, "plain ONNX Runtime loop: %d warm-up batches, then %d windows in batches of %d ...",
        WARMUP_BATCHES, total, batch);
    long[] nextReport = {System.nanoTime() + 2_000_000_000L};
    PathResult plain = new PlainInferenceLoop(bundle, ExecutionDevice.parse(device), batch)
        .run(prepared, WARMUP_BATCHES, done -> {
          if (System.nanoTime() > nextReport[0]) {
            progress(err, "  plain: %d / %d windows", done, total);
            nextReport[0] = System.nanoTime() + 2_000_000_000L;
          }
        });
    progress(err, "plain: %.1f windows/s", plain.windowsPerSecond());
    return plain;
  }

  private void validate() {
    if (windows < 1 || patients < 1 || batch < 1 || parallelism < 1 || repeat < 1 || maxWaitMillis < 0 || inFlight < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--windows, --patients, --batch, --parallelism and --repeat must be >= 1, --max-wait-ms and --in-flight >= 0");
    }
    ExecutionDevice.parse(device);
  }

  /** The default model settings with this run's device, batching and in-flight bound. */
  private ModelConfig modelConfig(Path dir) {
    ModelConfig d = ModelConfig.defaults(dir.toString()).onDevice(device)
        .withBatching(batch, java.time.Duration.ofMillis(maxWaitMillis));
    // Mirrors InferenceBatcher's queue bound: with no more in flight than it holds, nothing is shed.
    int queue = Math.max(64, 4 * batch);
    int perSubtask = inFlight > 0 ? inFlight : Math.max(1, queue / parallelism);
    return new ModelConfig(d.bundleDir(), d.device(), d.maxBatchSize(), d.maxWait(), d.stride(), d.inferenceTimeout(),
        perSubtask, d.labelsTopic(), d.afThreshold(), d.afWindows());
  }

  /** The element whose {@code rate} is the median (the lower middle one of an even count). */
  private static <T> T median(List<T> runs, java.util.function.ToDoubleFunction<T> rate) {
    List<T> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(rate));
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static java.util.function.LongConsumer progressEvery2s(PrintWriter err, String path, long total) {
    long[] lastReport = {System.nanoTime()};
    return labels -> {
      if (System.nanoTime() - lastReport[0] > 2_000_000_000L) {
        progress(err, "  %s: %d / %d labels", path, labels, total);
        lastReport[0] = System.nanoTime();
      }
    };
  }

  private static void progress(PrintWriter err, String format, Object... args) {
    err.println("bench: " + String.format(Locale.ROOT, format, args));
    err.flush();
  }
}
