package org.ecgstream.local.bench;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter for the bench's MiniCluster that keeps the inference operator's
 * {@code inferenceLatencyMillis} and {@code batchSize} histograms (one per subtask, each over its
 * last 1,024 windows) so the bench can read them when the job has finished.
 */
public final class InferenceHistograms implements MetricReporter {

  /** Configuration key prefix that enables this reporter on a MiniCluster. */
  public static final String REPORTER_KEY = "metrics.reporter.bench-inference.factory.class";

  private static final List<Histogram> LATENCY_MILLIS = new CopyOnWriteArrayList<>();
  private static final List<Histogram> BATCH_SIZES = new CopyOnWriteArrayList<>();

  /** Creates the reporter (found by Flink through META-INF/services). */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new InferenceHistograms();
    }
  }

  /** Forgets histograms of earlier runs. */
  public static void reset() {
    LATENCY_MILLIS.clear();
    BATCH_SIZES.clear();
  }

  /** Every subtask's latency samples, in milliseconds. */
  public static double[] latencyMillis() {
    return LATENCY_MILLIS.stream().flatMapToLong(h -> java.util.Arrays.stream(h.getStatistics().getValues()))
        .asDoubleStream().toArray();
  }

  /** Per-window batch sizes of every subtask, turned into batches by size (a batch of n is seen n times). */
  public static BatchSizeDistribution batchSizes() {
    long[] windowsBySize = new long[1025];
    for (Histogram h : BATCH_SIZES) {
      for (long size : h.getStatistics().getValues()) {
        windowsBySize[(int) Math.max(0, Math.min(1024, size))]++;
      }
    }
    BatchSizeDistribution out = new BatchSizeDistribution();
    for (int size = 1; size < windowsBySize.length; size++) {
      out.add(size, Math.round(windowsBySize[size] / (double) size));
    }
    return out;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {}

  @Override
  public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
    if (metric instanceof Histogram h) {
      if (name.equals("inferenceLatencyMillis")) {
        LATENCY_MILLIS.add(h);
      } else if (name.equals("batchSize")) {
        BATCH_SIZES.add(h);
      }
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {}
}
