package org.ecgstream.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.inference.OnnxEncoders;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowBatch;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.schemas.Lead;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The model's hot path with the default bundle: preparing one 10 s, 12-lead, 500 Hz window for it
 * (core's WindowPreprocessor, as training and serving do), and embedding a batch of prepared
 * windows with the ECG encoder on ONNX Runtime (CPU). The bundle is {@code -Decg.models=DIR}'s
 * cmelt-tiny, default {@code models/} of the working directory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WindowInferenceBenchmark {

  @Param({"1", "32"})
  public int batch;

  private WindowPreprocessor preprocessor;
  private Map<Lead, float[]> raw;
  private OnnxEncoders encoders;
  private WindowBatch prepared;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Path.of(System.getProperty("ecg.models", "models")).resolve("cmelt-tiny");
    if (!Files.isRegularFile(dir.resolve("manifest.json"))) {
      throw new IllegalStateException("no model bundle at " + dir.toAbsolutePath() + "; run from the repository root or give -Decg.models=DIR");
    }
    ModelBundle bundle = ModelBundle.open(dir);
    preprocessor = new WindowPreprocessor(bundle.inputSpec());
    raw = SimulatedSignal.byLead(SimulatedSignal.leads(10));
    encoders = new OnnxEncoders(bundle, ExecutionDevice.CPU);
    List<EcgWindow> windows = new ArrayList<>();
    EcgWindow one = preprocessor.prepare(raw, SimulatedSignal.RATE_HZ);
    for (int i = 0; i < batch; i++) {
      windows.add(one);
    }
    prepared = WindowBatch.of(windows);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    encoders.close();
  }

  /** One window, cut to the model's spec: fill gaps, resample 500 -> 100 Hz, band-pass, z-score. */
  @Benchmark
  public EcgWindow prepareWindow() {
    return preprocessor.prepare(raw, SimulatedSignal.RATE_HZ);
  }

  /** One ONNX Runtime call embedding {@code batch} prepared windows (divide by batch for per-window cost). */
  @Benchmark
  public float[][] embedBatch() throws Exception {
    return encoders.embedEcg(prepared.signal(), prepared.leadMask(), prepared.size());
  }
}
