package org.ecgstream.trainer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.train.CorpusBuilder;
import org.ecgstream.trainer.train.SimulatedPairs;
import org.ecgstream.trainer.train.TrainingRun;

/** A C-MELT far smaller than tiny, trained for a few steps on the real data, for end-to-end tests. */
public final class MicroRun {

  /** Swallows progress output. */
  public static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private MicroRun() {}

  /** The tiny input spec with width 32, one layer per part, {@code steps} steps of 16. */
  public static CmeltConfig config(int steps) {
    CmeltConfig tiny = CmeltConfig.tiny();
    return new CmeltConfig("micro", tiny.input(), new int[] {5, 2, 2}, 16, 32, 2, 2, 1, 5, 4,
        1, 48, 400, 1, 32, 1, 32, 0.75f, 0.5f, 0.15f, 0f,
        new CmeltConfig.Training(16, steps, Math.min(3, steps), 3e-3f, 0.01f, 1f,
            CmeltConfig.LossWeights.plainSum(), 0.5f, 42L));
  }

  /** Trains {@code config(steps)} into {@code out} on {@code dataRoot} plus simulated pairs. */
  public static Path train(Path out, Path dataRoot, int steps, int simulatedPairs, int maxUnpaired) throws Exception {
    new TrainingRun(config(steps), new CorpusBuilder.Sources(dataRoot, simulatedPairs, maxUnpaired, 11L),
        new SimulatedPairs(), out, QUIET).run(false);
    return out;
  }
}
