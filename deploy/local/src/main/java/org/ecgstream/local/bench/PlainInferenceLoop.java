package org.ecgstream.local.bench;

import java.util.function.IntConsumer;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.inference.OnnxEncoders;
import org.ecgstream.core.inference.ZeroShotLabeller;

/**
 * The reference: {@link OnnxEncoders#embedEcg} and {@link ZeroShotLabeller#score} over prepared
 * windows in consecutive batches, on one thread, after a warm-up; what the Flink path is held to.
 */
public final class PlainInferenceLoop {

  private final ModelBundle bundle;
  private final ExecutionDevice device;
  private final int batchSize;

  public PlainInferenceLoop(ModelBundle bundle, ExecutionDevice device, int batchSize) {
    this.bundle = bundle;
    this.device = device;
    this.batchSize = batchSize;
  }

  /** Runs {@code warmupBatches} untimed batches, then every window once; {@code onWindows} hears progress. */
  public PathResult run(PreparedWindows windows, int warmupBatches, IntConsumer onWindows) throws Exception {
    try (OnnxEncoders encoders = new OnnxEncoders(bundle, device)) {
      ZeroShotLabeller labeller = new ZeroShotLabeller(bundle, encoders);
      for (int i = 0; i < warmupBatches; i++) {
        int n = Math.min(batchSize, windows.size());
        labelBatch(encoders, labeller, windows, 0, n);
      }
      int total = windows.size();
      double[] latencyMillis = new double[total];
      BatchSizeDistribution sizes = new BatchSizeDistribution();
      long labels = 0;
      long started = System.nanoTime();
      for (int from = 0; from < total; from += batchSize) {
        int n = Math.min(batchSize, total - from);
        long t0 = System.nanoTime();
        labels += labelBatch(encoders, labeller, windows, from, n);
        double millis = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < n; i++) {
          latencyMillis[from + i] = millis;
        }
        sizes.add(n, 1);
        onWindows.accept(from + n);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new PathResult(total, labels, 0, seconds, Double.NaN, LatencyQuantiles.of(latencyMillis), sizes);
    }
  }

  private static int labelBatch(OnnxEncoders encoders, ZeroShotLabeller labeller, PreparedWindows windows, int from,
      int n) throws Exception {
    float[][] batch = windows.batch(from, n);
    float[][] embeddings = encoders.embedEcg(batch[0], batch[1], n);
    int scored = 0;
    for (float[] embedding : embeddings) {
      scored += labeller.score(embedding).isEmpty() ? 0 : 1;
    }
    return scored;
  }
}
