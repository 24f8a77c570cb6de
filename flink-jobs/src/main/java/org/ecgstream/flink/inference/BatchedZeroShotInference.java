package org.ecgstream.flink.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;

import org.apache.flink.metrics.Gauge;

import org.apache.flink.metrics.MetricGroup;


import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.inference.ZeroShotLabeller;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.serde.AvroSafety;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-shot labels for model windows, asynchronously through the JVM's shared
 * {@link InferenceBatcher}: use with {@code AsyncDataStream.orderedWait(windows, this, timeout,
 * capacity)}, whose capacity bounds what each subtask has in flight (back-pressure, no unbounded
 * queue). A window whose inference fails or times out gets no label and is counted
 * ({@code windowsUnlabelled}); the job keeps running, because the DSP alarms share it.
 *
 * <p>Metrics: {@code windowsLabelled}, {@code windowsUnlabelled}, {@code inferenceLatencyMillis}
 * (queue wait plus batch, per window), {@code batchSize} (size of the batch each window ran in),
 * {@code queueDepth}.
 */
public class BatchedZeroShotInference extends RichAsyncFunction<ModelWindow, EcgLabel> {

  /** Stage written on labels from the serving model (hot swap adds shadow and canary). */
  public static final String PRODUCTION = "production";

  private static final Logger LOG = LoggerFactory.getLogger(BatchedZeroShotInference.class);

  private final String bundleDir;
  private final String device;
  private final int maxBatchSize;
  private final long maxWaitMillis;
  private final boolean withEmbedding;

  private transient InferenceBatcher batcher;
  private transient String modelName;
  private transient String modelVersion;
  private transient InferenceMetrics metrics;

  /**
   * @param bundleDir the model bundle directory, verified on open
   * @param device {@code cpu}, {@code cuda} or {@code cuda:N}
   * @param withEmbedding whether labels carry the window's embedding
   */
  public BatchedZeroShotInference(String bundleDir, String device, int maxBatchSize, long maxWaitMillis,
      boolean withEmbedding) {
    this.bundleDir = bundleDir;
    this.device = device;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMillis = maxWaitMillis;
    this.withEmbedding = withEmbedding;
    ExecutionDevice.parse(device);
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    AvroSafety.install();
    ModelBundle bundle = openBundle(Path.of(bundleDir));
    batcher = InferenceBatcher.acquire(bundle, ExecutionDevice.parse(device), maxBatchSize, maxWaitMillis);
    modelName = bundle.manifest().name();
    modelVersion = bundle.manifest().version();
    MetricGroup group = getRuntimeContext().getMetricGroup();
    this.metrics = new InferenceMetrics(group);
    InferenceBatcher shared = batcher;
    group.gauge("queueDepth", (Gauge<Integer>) shared::queueDepth);
    // Without a registry one version serves, as production: the same series ModelSwitch keeps per stage.
    group.addGroup("stage", PRODUCTION).addGroup("version", modelVersion)
        .gauge(InferenceMetrics.VERSION_ACTIVE_METRIC, (Gauge<Integer>) () -> 1);
  }

  /** Opens and verifies the bundle, or fails with a message naming the directory. */
  public static ModelBundle openBundle(Path dir) {
    try {
      return ModelBundle.open(dir);
    } catch (BundleException e) {
      throw new IllegalStateException("model bundle " + dir.toAbsolutePath() + " cannot be served: " + e.getMessage()
          + " (check --model-dir, or run without a model)", e);
    }
  }

  @Override
  public void asyncInvoke(ModelWindow window, ResultFuture<EcgLabel> result) throws Exception {
    metrics.completeWhenDone(batcher.submit(window.signal, window.leadMask), System.nanoTime(), result,
        inference -> label(window, inference, modelName, modelVersion, PRODUCTION, withEmbedding));
  }

  @Override
  public void timeout(ModelWindow window, ResultFuture<EcgLabel> result) {
    metrics.unlabelled();
    LOG.warn("inference.timeout model={}@{} windowEnd={}", modelName, modelVersion, window.windowEndMillis);
    result.complete(Collections.emptyList());
  }

  /** The label record of {@code window} from {@code inference} by the named model version and stage. */
  public static EcgLabel label(ModelWindow window, InferenceBatcher.Inference inference, String modelName,
      String modelVersion, String stage, boolean withEmbedding) {
    List<LabelScore> scores = new ArrayList<>(inference.scores().size());
    for (ZeroShotLabeller.LabelScore s : inference.scores()) {
      scores.add(new LabelScore(s.label(), (float) s.probability()));
    }
    List<Float> embedding = null;
    if (withEmbedding) {
      embedding = new ArrayList<>(inference.embedding().length);
      for (float v : inference.embedding()) {
        embedding.add(v);
      }
    }
    return EcgLabel.newBuilder()
        .setPatientId(window.patientId)
        .setBedId(window.bedId)
        .setWindowStartMillis(window.windowStartMillis)
        .setWindowEndMillis(window.windowEndMillis)
        .setModelName(modelName)
        .setModelVersion(modelVersion)
        .setModelStage(stage)
        .setScores(scores)
        .setEmbedding(embedding)
        .build();
  }

  @Override
  public void close() {
    if (batcher != null) {
      batcher.release();
      batcher = null;
    }
  }
}
