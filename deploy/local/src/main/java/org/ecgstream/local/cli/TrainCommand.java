package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.train.CorpusBuilder;
import org.ecgstream.trainer.train.TrainingRun;
import org.ecgstream.trainer.train.SimulatedPairs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg train}: C-MELT pre-training on ECG-report pairs with DJL. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    header = "Pre-train C-MELT (ECG and report encoders) with Deep Java Library on CPU.",
    description = {
      "Gathers ECG-report pairs (PTB-XL training folds 1-8 and simulated 12-lead recordings with",
      "reports written from their ground truth), unpaired recordings for the masked-ECG objective",
      "(CinC 2017 training split, MIT-BIH; their labels are never read), trains a BPE tokenizer, and",
      "pre-trains with masked ECG modelling, masked language modelling, ECG-report matching and a",
      "sigmoid contrastive loss. Writes config.json, tokenizer.json, checkpoint.bin (every 100 steps",
      "and at the end), loss.csv and training.json (data lineage, timing) into --out.",
      "Everything is seeded: the same command gives the same model. Nothing is downloaded."
    })
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--data", defaultValue = "../shared/data",
      description = "Data folder with ptbxl/, ptbxl-reports/, cinc2017/, mitdb/ (each optional) (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--config", defaultValue = "tiny",
      description = "Model configuration: tiny (2 CPU cores, minutes) or base (GPU sizes) (default: ${DEFAULT-VALUE}).")
  String config;

  @Option(names = "--out", required = true, description = "Output folder for the trained model.")
  Path out;

  @Option(names = "--resume", description = "Continue from the checkpoint in --out (same data and configuration).")
  boolean resume;

  @Option(names = "--steps", description = "Optimiser steps (default: the configuration's).")
  Integer steps;

  @Option(names = "--simulated", defaultValue = "6000",
      description = "Simulated ECG-report pairs to add (default: ${DEFAULT-VALUE}).")
  int simulated;

  @Option(names = "--max-unpaired", defaultValue = "2000",
      description = "Cap on unpaired recording windows (default: ${DEFAULT-VALUE}).")
  int maxUnpaired;

  @Option(names = "--seed", defaultValue = "20261125", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    CmeltConfig chosen;
    try {
      chosen = CmeltConfig.named(config);
    } catch (IllegalArgumentException e) {
      System.err.println("train: " + e.getMessage());
      return 2;
    }
    if (steps != null) {
      if (steps < 1) {
        System.err.println("train: --steps must be at least 1");
        return 2;
      }
      chosen = chosen.withSteps(steps);
    }
    if (!Files.isDirectory(data) && simulated == 0) {
      System.err.println("train: no data folder at " + data.toAbsolutePath() + " and no simulated pairs (--simulated 0)");
      return 2;
    }
    if (resume && !Files.isDirectory(out)) {
      System.err.println("train: --resume needs an earlier run's output in " + out);
      return 2;
    }
    System.out.printf("train: configuration %s, %d steps of %d, output %s%n", chosen.name(),
        chosen.training().steps(), chosen.training().batchSize(), out.toAbsolutePath());
    new TrainingRun(chosen, new CorpusBuilder.Sources(data, simulated, maxUnpaired, seed), new SimulatedPairs(),
        out, System.out).run(resume);
    return 0;
  }
}
