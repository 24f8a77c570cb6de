package org.ecgstream.flink.inference;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.ecgstream.schemas.EcgLabel;

/**
 * The bookkeeping every zero-shot inference operator shares: {@code windowsLabelled},
 * {@code windowsUnlabelled} (failed or timed out), {@code windowsShed} (queue full: dropped rather
 * than back-pressuring the DSP alarms), {@code inferenceLatencyMillis} and {@code batchSize}; and
 * completing a window's async result from its batcher future.
 */
public final class InferenceMetrics {

  /**
   * Gauge under the groups {@code stage} and {@code version}: 1 while that version serves that
   * stage, else 0. Numeric, so that Prometheus (which drops string gauges) shows the versions in use.
   */
  public static final String VERSION_ACTIVE_METRIC = "modelVersionActive";

  private final Counter labelled;
  private final Counter unlabelled;
  private final Counter shed;
  private final Histogram latencyMillis;
  private final Histogram batchSizes;

  public InferenceMetrics(MetricGroup metrics) {
    this.labelled = metrics.counter("windowsLabelled", new ThreadSafeSimpleCounter());
    this.unlabelled = metrics.counter("windowsUnlabelled", new ThreadSafeSimpleCounter());
    this.shed = metrics.counter("windowsShed", new ThreadSafeSimpleCounter());
    this.latencyMillis = metrics.histogram("inferenceLatencyMillis", new DescriptiveStatisticsHistogram(1024));
    this.batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1024));
  }

  /** A window that gets no label (timeout, failure, nothing to serve it); counted, never silent. */
  public void unlabelled() {
    unlabelled.inc();
  }

  /**
   * Completes {@code result} when {@code inference} does: with the label {@code label} makes of it,
   * or with nothing (counted as shed or unlabelled) when it failed.
   */
  public void completeWhenDone(CompletableFuture<InferenceBatcher.Inference> inference, long submittedNanos,
      ResultFuture<EcgLabel> result, Function<InferenceBatcher.Inference, EcgLabel> label) {
    inference.whenComplete((done, error) -> {
      if (error != null) {
        boolean wasShed = error instanceof InferenceBatcher.Shed || error.getCause() instanceof InferenceBatcher.Shed;
        (wasShed ? shed : unlabelled).inc();
        result.complete(Collections.emptyList());
        return;
      }
      synchronized (this) {
        latencyMillis.update(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submittedNanos));
        batchSizes.update(done.batchSize());
      }
      labelled.inc();
      result.complete(List.of(label.apply(done)));
    });
  }
}
