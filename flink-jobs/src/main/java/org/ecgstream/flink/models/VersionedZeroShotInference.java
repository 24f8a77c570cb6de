package org.ecgstream.flink.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.flink.api.common.functions.OpenContext;


import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;


import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.flink.inference.BatchedZeroShotInference;
import org.ecgstream.flink.inference.InferenceBatcher;
import org.ecgstream.flink.inference.InferenceMetrics;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.serde.AvroSafety;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-shot labels for routed windows: each window is labelled by the version its route names,
 * through that version's shared {@link InferenceBatcher} (one per JVM, bundle version and device),
 * and the label carries that version and stage. Use with {@code AsyncDataStream.orderedWait}, as
 * {@link BatchedZeroShotInference}. The {@link ModelSwitch} has loaded and warmed up a version
 * before it routes a window to it, so this operator normally only takes another reference to the
 * open batcher; it keeps that reference until it closes, so windows in flight across a swap finish
 * on the version they were routed to.
 *
 * <p>Metrics: {@code windowsLabelled}, {@code windowsUnlabelled}, {@code inferenceLatencyMillis},
 * {@code batchSize}.
 */
public class VersionedZeroShotInference extends RichAsyncFunction<RoutedWindow, EcgLabel> {

  private static final Logger LOG = LoggerFactory.getLogger(VersionedZeroShotInference.class);

  private final String device;
  private final int maxBatchSize;
  private final long maxWaitMillis;

  private transient Map<String, InferenceBatcher> batchers;
  private transient InferenceMetrics metrics;

  public VersionedZeroShotInference(String device, int maxBatchSize, long maxWaitMillis) {
    this.device = device;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMillis = maxWaitMillis;
    ExecutionDevice.parse(device);
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    // Concurrent: the metric reporter's thread reads queueDepth while the task thread adds batchers.
    batchers = new ConcurrentHashMap<>();
    MetricGroup group = getRuntimeContext().getMetricGroup();
    this.metrics = new InferenceMetrics(group);
    Map<String, InferenceBatcher> served = batchers;
    group.gauge("queueDepth", (Gauge<Integer>) () -> served.values().stream().mapToInt(InferenceBatcher::queueDepth).sum());
  }

  @Override
  public void asyncInvoke(RoutedWindow routed, ResultFuture<EcgLabel> result) throws Exception {
    InferenceBatcher batcher;
    try {
      batcher = batcherFor(routed.route);
    } catch (Exception e) {
      metrics.unlabelled();
      LOG.warn("inference.model.unavailable model={} reason=\"{}\"", routed.route, e.toString());
      result.complete(Collections.emptyList());
      return;
    }
    ModelRoute route = routed.route;
    metrics.completeWhenDone(batcher.submit(routed.window.signal, routed.window.leadMask), System.nanoTime(), result,
        inference -> BatchedZeroShotInference.label(routed.window, inference, route.modelName, route.version,
            route.stage, false));
  }

  @Override
  public void timeout(RoutedWindow routed, ResultFuture<EcgLabel> result) {
    metrics.unlabelled();
    LOG.warn("inference.timeout model={} windowEnd={}", routed.route, routed.window.windowEndMillis);
    result.complete(Collections.emptyList());
  }

  private InferenceBatcher batcherFor(ModelRoute route) throws Exception {
    String key = route.id() + " " + route.bundleDir;
    InferenceBatcher batcher = batchers.get(key);
    if (batcher == null) {
      ExecutionDevice requested = ExecutionDevice.parse(device);
      batcher = InferenceBatcher.acquireIfOpen(Path.of(route.bundleDir), route.version, requested);
      if (batcher == null) {
        // Only when this operator runs in another JVM than its switch: open (and verify) here.
        LOG.info("inference.model.open model={} dir={} (not loaded by a switch in this JVM)", route, route.bundleDir);
        batcher = InferenceBatcher.acquire(BatchedZeroShotInference.openBundle(Path.of(route.bundleDir)), requested,
            maxBatchSize, maxWaitMillis);
      }
      batchers.put(key, batcher);
    }
    return batcher;
  }

  @Override
  public void close() {
    if (batchers != null) {
      new ArrayList<>(batchers.values()).forEach(InferenceBatcher::release);
      batchers.clear();
    }
  }
}
