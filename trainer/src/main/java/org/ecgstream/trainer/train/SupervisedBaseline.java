package org.ecgstream.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.PrintStream;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.trainer.model.ClassificationHead;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;
import org.ecgstream.trainer.model.EcgEncoder;

/**
 * The "same encoder trained supervised from scratch" baseline: C-MELT's ECG encoder with a linear
 * head, trained with cross-entropy on labelled windows only (no reports, no pre-training), same
 * optimiser and schedule as pre-training.
 */
public final class SupervisedBaseline implements AutoCloseable {

  private final NDManager manager;
  private final CmeltModel model;
  private final ClassificationHead head;
  private final ParameterStore parameters;
  private final int classes;

  public SupervisedBaseline(CmeltConfig config, int classes, long seed) {
    this.manager = NDManager.newBaseManager();
    this.classes = classes;
    Engine.getInstance().setRandomSeed((int) seed);
    // The text side is unused; a one-token vocabulary keeps it small.
    this.model = new CmeltModel(config, 8);
    model.initialize(manager);
    this.head = new ClassificationHead(config.width(), classes);
    head.initialize(manager, DataType.FLOAT32, new Shape(1, config.width()));
    this.parameters = new ParameterStore(manager, false);
  }

  /** Trains on {@code windows} with {@code labels} (0..classes-1) for {@code steps} steps. */
  public void train(List<EcgWindow> windows, int[] labels, int steps, long seed, PrintStream progress) {
    CmeltConfig.Training t = model.config().training();
    AdamWOptimizer optimizer = new AdamWOptimizer(t.weightDecay(), t.clipNorm());
    LearningRateSchedule schedule = new LearningRateSchedule(t.learningRate(), Math.max(1, steps / 10), steps);
    PairList<String, Parameter> trainable = new PairList<>();
    model.ecgEncoder().getParameters().forEach(p -> trainable.add("encoder_" + p.getKey(), p.getValue()));
    head.getParameters().forEach(p -> trainable.add("head_" + p.getKey(), p.getValue()));
    int leads = model.config().leadCount();
    int length = model.config().input().windowSamples();
    int batch = Math.min(t.batchSize(), windows.size());
    Random random = new Random(seed);
    for (int step = 0; step < steps; step++) {
      float[] signal = new float[batch * leads * length];
      float[] mask = new float[batch * leads];
      float[] oneHot = new float[batch * classes];
      for (int i = 0; i < batch; i++) {
        int k = random.nextInt(windows.size());
        System.arraycopy(windows.get(k).flatten(), 0, signal, i * leads * length, leads * length);
        System.arraycopy(windows.get(k).presenceAsFloats(), 0, mask, i * leads, leads);
        oneHot[i * classes + labels[k]] = 1f;
      }
      try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        float loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray logits = logits(stepManager, signal, mask, batch, true);
          NDArray crossEntropy = logits.logSoftmax(-1).mul(stepManager.create(oneHot, new Shape(batch, classes)))
              .sum().neg().div((float) batch);
          loss = crossEntropy.getFloat();
          collector.backward(crossEntropy);
        }
        optimizer.update(trainable, schedule.at(step));
        if (progress != null && ((step + 1) % 50 == 0 || step + 1 == steps)) {
          progress.printf("supervised baseline: step %d/%d loss %.4f%n", step + 1, steps, loss);
        }
      }
    }
  }

  /** Class probabilities for each window: [n][classes]. */
  public double[][] predict(List<EcgWindow> windows) {
    int leads = model.config().leadCount();
    int length = model.config().input().windowSamples();
    double[][] out = new double[windows.size()][];
    for (int from = 0; from < windows.size(); from += 32) {
      int n = Math.min(32, windows.size() - from);
      float[] signal = new float[n * leads * length];
      float[] mask = new float[n * leads];
      for (int i = 0; i < n; i++) {
        System.arraycopy(windows.get(from + i).flatten(), 0, signal, i * leads * length, leads * length);
        System.arraycopy(windows.get(from + i).presenceAsFloats(), 0, mask, i * leads, leads);
      }
      try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        float[] p = logits(stepManager, signal, mask, n, false).softmax(-1).toFloatArray();
        for (int i = 0; i < n; i++) {
          out[from + i] = new double[classes];
          for (int c = 0; c < classes; c++) {
            out[from + i][c] = p[i * classes + c];
          }
        }
      }
    }
    return out;
  }

  private NDArray logits(NDManager m, float[] signal, float[] mask, int n, boolean training) {
    int leads = model.config().leadCount();
    NDArray x = m.create(signal, new Shape(n, leads, model.config().input().windowSamples()));
    NDArray shown = m.create(mask, new Shape(n, leads));
    NDArray tokens = model.ecgTokens(parameters, x, shown, null, training);
    return head.logits(parameters, EcgEncoder.pool(tokens), training);
  }

  @Override
  public void close() {
    manager.close();
  }
}
