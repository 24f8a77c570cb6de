package org.ecgstream.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.text.Encoding;
import org.ecgstream.trainer.loss.PretrainingLoss;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;
import org.ecgstream.trainer.negatives.NearestNeighbourNegativeSampler;
import org.ecgstream.trainer.negatives.TfIdfReportSpace;

/**
 * The C-MELT pre-training loop: AdamW with warm-up and cosine decay, gradient clipping, a
 * checkpoint every {@link #CHECKPOINT_EVERY} steps and at the end, and resume. Every random choice
 * of step k is seeded from (seed, k), so a resumed run takes the same steps as an uninterrupted one.
 */
public final class Pretrainer {

  static final int CHECKPOINT_EVERY = 100;
  /** A run that skips more updates than this in a row, or this share of all, has diverged. */
  static final int MAX_CONSECUTIVE_SKIPS = 10;
  static final double MAX_SKIPPED_SHARE = 0.02;
  private int checkpointEvery = CHECKPOINT_EVERY;
  private Path startingWeights;
  /** The farthest half of the reports are eligible negatives (N3S). */
  static final double NEGATIVE_POOL = 0.5;

  private final CmeltConfig config;
  private final PretrainingCorpus corpus;
  private final Path outDir;
  private final PrintStream progressOut;

  public Pretrainer(CmeltConfig config, PretrainingCorpus corpus, Path outDir, PrintStream progressOut) {
    this.config = config;
    this.corpus = corpus;
    this.outDir = outDir;
    this.progressOut = progressOut;
  }

  /** Checkpoints every {@code steps} steps instead of {@value #CHECKPOINT_EVERY}. */
  public Pretrainer checkpointEvery(int steps) {
    this.checkpointEvery = steps;
    return this;
  }

  /**
   * Starts a fresh run (not a resume) from the weights saved in {@code weightsDir} instead of a
   * random initialisation: how re-training continues pre-training from the production model. The
   * optimiser starts afresh, since the production run's moments belong to its own schedule.
   */
  public Pretrainer startingFrom(Path weightsDir) {
    this.startingWeights = weightsDir;
    return this;
  }

  /**
   * What a run produced: the loss of every step, first to last, and how many updates were skipped
   * for non-finite gradients.
   */
  public record Result(int firstStep, List<float[]> losses, int skippedUpdates) {

    /** A run whose updates all went through. */
    public Result(int firstStep, List<float[]> losses) {
      this(firstStep, losses, 0);
    }

    /** Mean total loss over the first (or last) {@code n} steps of this run. */
    public double meanTotal(int n, boolean last) {
      int from = last ? Math.max(0, losses.size() - n) : 0;
      int to = last ? losses.size() : Math.min(n, losses.size());
      double sum = 0;
      for (int i = from; i < to; i++) {
        sum += losses.get(i)[0];
      }
      return sum / Math.max(1, to - from);
    }
  }

  /** Trains until {@code config.training().steps()}, resuming from the checkpoint in the output dir if asked. */
  public Result run(boolean resume) throws IOException {
    CmeltConfig.Training t = config.training();
    Engine engine = Engine.getInstance();
    List<Encoding> encodings = new ArrayList<>();
    for (String report : corpus.cleanedReports()) {
      encodings.add(corpus.tokenizer().encode(report, config.maxTextTokens()));
    }
    NearestNeighbourNegativeSampler negatives = new NearestNeighbourNegativeSampler(
        new TfIdfReportSpace(corpus.cleanedReports()), NEGATIVE_POOL);
    LearningRateSchedule schedule = new LearningRateSchedule(t.learningRate(), t.warmupSteps(), t.steps());
    try (NDManager manager = NDManager.newBaseManager()) {
      engine.setRandomSeed((int) t.seed());
      CmeltModel model = new CmeltModel(config, corpus.tokenizer().vocabSize());
      model.initialize(manager);
      AdamWOptimizer optimizer = new AdamWOptimizer(t.weightDecay(), t.clipNorm());
      if (resume) {
        Checkpoint.load(outDir, model, optimizer, manager);
        progressOut.println("resuming at step " + optimizer.step() + " from " + outDir.resolve(Checkpoint.FILE));
      } else if (startingWeights != null) {
        Checkpoint.load(startingWeights, model, null, manager);
        progressOut.println("continuing pre-training from the weights in " + startingWeights.resolve(Checkpoint.FILE));
      }
      ParameterStore parameters = new ParameterStore(manager, false);
      PretrainingStep forward = new PretrainingStep(model, parameters);
      int first = optimizer.step();
      TrainingProgress progress = new TrainingProgress(progressOut, first, t.steps());
      List<float[]> losses = new ArrayList<>();
      int skipped = 0;
      int consecutiveSkips = 0;
      for (int step = first; step < t.steps(); step++) {
        Random random = new Random(stepSeed(t.seed(), step));
        engine.setRandomSeed((int) (t.seed() + step));
        BatchAssembler assembler = new BatchAssembler(config, encodings, negatives, random);
        PretrainingBatch batch = assembler.assemble(sample(random));
        float lr = schedule.at(step);
        try (NDScope scope = new NDScope(); NDManager stepManager = manager.newSubManager()) {
          scope.suppressNotUsedWarning();
          PretrainingLoss loss;
          float total;
          try (GradientCollector collector = engine.newGradientCollector()) {
            loss = forward.losses(stepManager, batch, true);
            var sum = loss.total(t.weights());
            total = sum.getFloat();
            if (!Float.isFinite(total)) {
              throw new IllegalStateException("loss is " + total + " at step " + step
                  + " (lower the learning rate or check the data)");
            }
            collector.backward(sum);
          }
          AdamWOptimizer.Update update = optimizer.update(model.getParameters(), lr);
          if (update.skipped()) {
            skipped++;
            consecutiveSkips++;
            progressOut.printf("step %d: non-finite gradients in %d parameters (first %s); update skipped (%d so far)%n",
                step + 1, update.nonFiniteParameters().size(),
                update.nonFiniteParameters().subList(0, Math.min(3, update.nonFiniteParameters().size())), skipped);
            if (consecutiveSkips > MAX_CONSECUTIVE_SKIPS || skipped > MAX_SKIPPED_SHARE * t.steps() + MAX_CONSECUTIVE_SKIPS) {
              throw new IllegalStateException("training diverged: " + skipped + " updates skipped for non-finite gradients, "
                  + consecutiveSkips + " in a row at step " + (step + 1) + " (lower the learning rate or check the data)");
            }
          } else {
            consecutiveSkips = 0;
          }
          float[] parts = loss.parts();
          losses.add(new float[] {total, parts[0], parts[1], parts[2], parts[3]});
          progress.stepDone(step, batch.size(), total, parts, lr, update.gradientNorm());
        }
        if ((step + 1) % checkpointEvery == 0 || step + 1 == t.steps()) {
          Checkpoint.save(outDir, model, optimizer);
        }
      }
      return new Result(first, losses, skipped);
    }
  }

  /**
   * A well-mixed seed for step {@code step} (SplitMix64's finaliser): java.util.Random's first draws
   * from adjacent seeds are nearly equal, which would make every step's first choice the same.
   */
  static long stepSeed(long seed, int step) {
    long z = seed + 0x9E3779B97F4A7C15L * (step + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private List<PretrainingExample> sample(Random random) {
    boolean paired = corpus.unpaired().isEmpty() || random.nextDouble() < config.training().pairedFraction();
    List<PretrainingExample> pool = paired ? corpus.paired() : corpus.unpaired();
    List<PretrainingExample> batch = new ArrayList<>();
    for (int i = 0; i < config.training().batchSize(); i++) {
      batch.add(pool.get(random.nextInt(pool.size())));
    }
    return batch;
  }
}
