package org.ecgstream.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowBatch;
import org.ecgstream.trainer.loss.BinaryCrossEntropy;
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
    float[][] oneHot = new float[labels.length][classes];
    for (int i = 0; i < labels.length; i++) {
      oneHot[i][labels[i]] = 1f;
    }
    fit(windows, oneHot, false, steps, seed, progress);
  }

  /**
   * Multi-label variant: one sigmoid per output ({@code classes} = number of labels), trained with
   * binary cross-entropy averaged over labels; {@code targets[i][k]} is true when window i has label k.
   */
  public void trainMultiLabel(List<EcgWindow> windows, boolean[][] targets, int steps, long seed, PrintStream progress) {
    float[][] multiHot = new float[targets.length][classes];
    for (int i = 0; i < targets.length; i++) {
      if (targets[i].length != classes) {
        throw new IllegalArgumentException("supervised baseline: window " + i + " has " + targets[i].length
            + " targets, the head has " + classes + " outputs");
      }
      for (int k = 0; k < classes; k++) {
        multiHot[i][k] = targets[i][k] ? 1f : 0f;
      }
    }
    fit(windows, multiHot, true, steps, seed, progress);
  }

  private void fit(List<EcgWindow> windows, float[][] targets, boolean multiLabel, int steps, long seed,
      PrintStream progress) {
    CmeltConfig.Training t = model.config().training();
    AdamWOptimizer optimizer = new AdamWOptimizer(t.weightDecay(), t.clipNorm());
    LearningRateSchedule schedule = new LearningRateSchedule(t.learningRate(), Math.max(1, steps / 10), steps);
    PairList<String, Parameter> trainable = new PairList<>();
    model.ecgEncoder().getParameters().forEach(p -> trainable.add("encoder_" + p.getKey(), p.getValue()));
    head.getParameters().forEach(p -> trainable.add("head_" + p.getKey(), p.getValue()));
    int batch = Math.min(t.batchSize(), windows.size());
    Random random = new Random(seed);
    for (int step = 0; step < steps; step++) {
      List<EcgWindow> chosen = new ArrayList<>(batch);
      float[] target = new float[batch * classes];
      for (int i = 0; i < batch; i++) {
        int k = random.nextInt(windows.size());
        chosen.add(windows.get(k));
        System.arraycopy(targets[k], 0, target, i * classes, classes);
      }
      WindowBatch inputs = WindowBatch.of(chosen);
      try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        float loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray logits = logits(stepManager, inputs, true);
          NDArray y = stepManager.create(target, new Shape(batch, classes));
          NDArray objective = multiLabel ? BinaryCrossEntropy.withLogits(logits, y) : crossEntropy(logits, y, batch);
          loss = objective.getFloat();
          collector.backward(objective);
        }
        optimizer.update(trainable, schedule.at(step));
        if (progress != null && ((step + 1) % 50 == 0 || step + 1 == steps)) {
          progress.printf("supervised baseline: step %d/%d loss %.4f%n", step + 1, steps, loss);
        }
      }
    }
  }

  private static NDArray crossEntropy(NDArray logits, NDArray oneHot, int batch) {
    return logits.logSoftmax(-1).mul(oneHot).sum().neg().div((float) batch);
  }

  /** Per-label probabilities of a {@link #trainMultiLabel} model for each window: [n][classes]. */
  public double[][] predictMultiLabel(List<EcgWindow> windows) {
    return probabilities(windows, true);
  }

  /** Class probabilities for each window: [n][classes]. */
  public double[][] predict(List<EcgWindow> windows) {
    return probabilities(windows, false);
  }

  private double[][] probabilities(List<EcgWindow> windows, boolean multiLabel) {
    double[][] out = new double[windows.size()][];
    for (int from = 0; from < windows.size(); from += 32) {
      int n = Math.min(32, windows.size() - from);
      WindowBatch inputs = WindowBatch.of(windows.subList(from, from + n));
      try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
        scope.suppressNotUsedWarning();
        NDArray logits = logits(stepManager, inputs, false);
        float[] p = (multiLabel ? Activation.sigmoid(logits) : logits.softmax(-1)).toFloatArray();
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

  private NDArray logits(NDManager m, WindowBatch inputs, boolean training) {
    NDArray x = m.create(inputs.signal(), new Shape(inputs.size(), inputs.leads(), inputs.samples()));
    NDArray shown = m.create(inputs.leadMask(), new Shape(inputs.size(), inputs.leads()));
    NDArray tokens = model.ecgTokens(parameters, x, shown, null, training);
    return head.logits(parameters, EcgEncoder.pool(tokens), training);
  }

  @Override
  public void close() {
    manager.close();
  }
}
