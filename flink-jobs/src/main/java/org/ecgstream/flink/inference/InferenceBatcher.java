package org.ecgstream.flink.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.inference.OnnxEncoders;
import org.ecgstream.core.inference.ZeroShotLabeller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session per JVM (a task manager) and bundle version, shared by every subtask:
 * requests from all patients and subtasks wait in a bounded queue, one thread takes up to
 * {@code maxBatchSize} of them (waiting at most {@code maxWaitMillis} after the first), embeds them
 * with one {@link OnnxEncoders#embedEcg} call, scores them with the {@link ZeroShotLabeller} and
 * completes each request's future. Reference-counted: the last {@link #release()} closes it.
 */
public final class InferenceBatcher {

  private static final Logger LOG = LoggerFactory.getLogger(InferenceBatcher.class);
  private static final Map<Key, InferenceBatcher> SHARED = new HashMap<>();
  static final int QUEUED_BATCHES = 4;
  static final int QUEUE_FLOOR = 64;
  private static final Totals TOTALS = new Totals();

  /** What shares a batcher: the same bundle directory, version and device. */
  private record Key(Path dir, String version, ExecutionDevice device) {}

  /** The result for one window. */
  public record Inference(List<ZeroShotLabeller.LabelScore> scores, float[] embedding, int batchSize,
      long batchNanos) {}

  /** Counts over every batcher of this JVM since it started, for metrics and tests. */
  public static final class Totals {
    public final AtomicLong batches = new AtomicLong();
    public final AtomicLong windows = new AtomicLong();
    public final AtomicLong largestBatch = new AtomicLong();
    public final AtomicLong inferenceNanos = new AtomicLong();
  }

  private record Request(float[] signal, float[] leadMask, CompletableFuture<Inference> result) {}

  private final Key key;
  private final ModelBundle bundle;
  private final OnnxEncoders encoders;
  private final ZeroShotLabeller labeller;
  private final int maxBatchSize;
  private final long maxWaitNanos;
  private final BlockingQueue<Request> queue;
  private final Thread worker;
  private volatile boolean running = true;
  private int references;

  private InferenceBatcher(Key key, ModelBundle bundle, ExecutionDevice device, int maxBatchSize, long maxWaitMillis)
      throws Exception {
    this.key = key;
    this.bundle = bundle;
    this.encoders = new OnnxEncoders(bundle, device);
    this.labeller = new ZeroShotLabeller(bundle, encoders);
    this.maxBatchSize = maxBatchSize;
    this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    // About four batches of backlog: beyond that, windows are shed rather than queued, so a slow
    // model never back-pressures the frame source that the DSP alarms share.
    this.queue = new ArrayBlockingQueue<>(Math.max(QUEUE_FLOOR, maxBatchSize * QUEUED_BATCHES));
    this.worker = new Thread(this::serve, "inference-batcher-" + bundle.manifest().name() + "@" + key.version());
    worker.setDaemon(true);
    worker.start();
    LOG.info("inference.batcher.open model={}@{} device={} maxBatchSize={} maxWaitMillis={}",
        bundle.manifest().name(), key.version(), encoders.device(), maxBatchSize, maxWaitMillis);
  }

  /**
   * The JVM's batcher for {@code bundle} on {@code device}, opened on first use (batch settings
   * come from the first caller); every call must be paired with {@link #release()}.
   */
  public static InferenceBatcher acquire(ModelBundle bundle, ExecutionDevice device, int maxBatchSize,
      long maxWaitMillis) throws Exception {
    if (maxBatchSize < 1 || maxWaitMillis < 0) {
      throw new IllegalArgumentException("batching needs max batch size >= 1 and max wait >= 0 ms, got "
          + maxBatchSize + " and " + maxWaitMillis);
    }
    Key key = new Key(bundle.dir().toAbsolutePath().normalize(), bundle.manifest().version(), device);
    synchronized (SHARED) {
      InferenceBatcher batcher = SHARED.get(key);
      if (batcher == null) {
        batcher = new InferenceBatcher(key, bundle, device, maxBatchSize, maxWaitMillis);
        SHARED.put(key, batcher);
      }
      batcher.references++;
      return batcher;
    }
  }

  /**
   * Another reference to the JVM's open batcher for the bundle in {@code dir} at {@code version} on
   * {@code device}, or null when none is open (the caller then opens and verifies the bundle itself);
   * pair a non-null result with {@link #release()}.
   */
  public static InferenceBatcher acquireIfOpen(Path dir, String version, ExecutionDevice device) {
    Key key = new Key(dir.toAbsolutePath().normalize(), version, device);
    synchronized (SHARED) {
      InferenceBatcher batcher = SHARED.get(key);
      if (batcher != null) {
        batcher.references++;
      }
      return batcher;
    }
  }

  /** Totals of every batcher in this JVM. */
  public static Totals totals() {
    return TOTALS;
  }

  /** The window was not queued because inference is behind: it gets no label, and nothing waits. */
  public static final class Shed extends RuntimeException {
    Shed(int depth) {
      super("inference queue full (" + depth + " windows waiting)", null, false, false);
    }
  }

  /**
   * Queues one window (row-major leads x samples, and its lead mask). When the queue is full the
   * window is shed ({@link Shed}) instead of blocking: blocking would back-pressure the frame
   * source that the life-threatening alarms share, and the model must never delay them.
   */
  public CompletableFuture<Inference> submit(float[] signal, float[] leadMask) {
    CompletableFuture<Inference> result = new CompletableFuture<>();
    if (!running) {
      result.completeExceptionally(new IllegalStateException("inference batcher for " + bundle + " is closed"));
      return result;
    }
    if (!queue.offer(new Request(signal, leadMask, result))) {
      result.completeExceptionally(new Shed(queue.size()));
    }
    return result;
  }

  /** Windows waiting for a batch. */
  public int queueDepth() {
    return queue.size();
  }

  /** The device the session really runs on (CPU after a CUDA fallback). */
  public ExecutionDevice device() {
    return encoders.device();
  }

  public ModelBundle bundle() {
    return bundle;
  }

  /** Gives up one reference; the last one stops the worker and closes the sessions. */
  public void release() {
    synchronized (SHARED) {
      if (--references > 0) {
        return;
      }
      SHARED.remove(key);
    }
    running = false;
    worker.interrupt();
    try {
      worker.join(5_000);
      encoders.close();
    } catch (Exception e) {
      LOG.warn("inference.batcher.close model={} failed: {}", bundle, e.toString());
    }
    List<Request> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(r -> r.result().completeExceptionally(new IllegalStateException("inference batcher closed")));
  }

  private void serve() {
    List<Request> batch = new ArrayList<>(maxBatchSize);
    while (running) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatchSize) {
          queue.drainTo(batch, maxBatchSize - batch.size());
          long left = deadline - System.nanoTime();
          if (batch.size() >= maxBatchSize || left <= 0) {
            break;
          }
          Request next = queue.poll(left, TimeUnit.NANOSECONDS);
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        run(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(r -> r.result().completeExceptionally(e));
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void run(List<Request> batch) {
    int n = batch.size();
    try {
      int signalLength = batch.get(0).signal().length;
      int maskLength = batch.get(0).leadMask().length;
      float[] signals = new float[n * signalLength];
      float[] masks = new float[n * maskLength];
      for (int i = 0; i < n; i++) {
        System.arraycopy(batch.get(i).signal(), 0, signals, i * signalLength, signalLength);
        System.arraycopy(batch.get(i).leadMask(), 0, masks, i * maskLength, maskLength);
      }
      long t0 = System.nanoTime();
      float[][] embeddings = encoders.embedEcg(signals, masks, n);
      long nanos = System.nanoTime() - t0;
      TOTALS.batches.incrementAndGet();
      TOTALS.windows.addAndGet(n);
      TOTALS.largestBatch.accumulateAndGet(n, Math::max);
      TOTALS.inferenceNanos.addAndGet(nanos);
      for (int i = 0; i < n; i++) {
        batch.get(i).result().complete(new Inference(labeller.score(embeddings[i]), embeddings[i], n, nanos));
      }
    } catch (Exception | LinkageError e) {
      LOG.warn("inference.batch.failed model={} windows={} reason=\"{}\"", bundle, n, e.toString());
      batch.forEach(r -> r.result().completeExceptionally(e));
    }
  }
}
