package org.ecgstream.trainer.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.trainer.model.CmeltConfig;

/**
 * One {@code ./ecg train} run: gathers the corpus, writes configuration and tokenizer, pre-trains
 * (or resumes), and writes a summary with the data lineage and the loss curve.
 */
public final class TrainingRun {

  private final CmeltConfig config;
  private final CorpusBuilder.Sources sources;
  private final CorpusBuilder.PairSimulator simulator;
  private final Path outDir;
  private final PrintStream out;

  public TrainingRun(
      CmeltConfig config, CorpusBuilder.Sources sources, CorpusBuilder.PairSimulator simulator, Path outDir,
      PrintStream out) {
    this.config = config;
    this.sources = sources;
    this.simulator = simulator;
    this.outDir = outDir;
    this.out = out;
  }

  public Pretrainer.Result run(boolean resume) throws IOException {
    Instant start = Instant.now();
    CorpusBuilder.Built built = new CorpusBuilder(config, simulator, out).build(sources);
    PretrainingCorpus corpus = built.corpus();
    if (resume) {
      CmeltConfig saved = TrainedModel.readConfig(outDir);
      if (!saved.withTraining(config.training()).equals(config)) {
        throw new IOException(outDir + ": --resume with a different model configuration than the run it continues");
      }
      BpeTokenizer tokenizer = TrainedModel.readTokenizer(outDir);
      corpus = new PretrainingCorpus(corpus.paired(), corpus.unpaired(), corpus.cleanedReports(), tokenizer);
    } else {
      TrainedModel.writeConfig(outDir, config);
      corpus.tokenizer().save(outDir.resolve(TrainedModel.TOKENIZER));
    }
    TrainedModel.writeConfig(outDir, config);
    Instant trainingStart = Instant.now();
    Pretrainer.Result result = new Pretrainer(config, corpus, outDir, out).run(resume);
    Duration training = Duration.between(trainingStart, Instant.now());
    writeSummary(built, result, start, training);
    return result;
  }

  private void writeSummary(CorpusBuilder.Built built, Pretrainer.Result result, Instant start, Duration training)
      throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("config", config.name());
    summary.put("started", start.toString());
    summary.put("training_seconds", training.toSeconds());
    summary.put("steps", config.training().steps());
    summary.put("first_step_of_this_run", result.firstStep());
    summary.put("batch_size", config.training().batchSize());
    int steps = result.losses().size();
    summary.put("samples_per_second",
        steps == 0 ? 0 : Math.round(10.0 * steps * config.training().batchSize() / Math.max(1, training.toMillis() / 1000.0)) / 10.0);
    summary.put("paired_examples", built.corpus().paired().size());
    summary.put("unpaired_examples", built.corpus().unpaired().size());
    summary.put("training_data", built.lineage());
    summary.put("mean_loss_first_50", result.meanTotal(50, false));
    summary.put("mean_loss_last_50", result.meanTotal(50, true));
    List<float[]> losses = result.losses();
    StringBuilder csv = new StringBuilder("step,total,masked_ecg,masked_language,matching,sigmoid\n");
    for (int i = 0; i < losses.size(); i++) {
      float[] l = losses.get(i);
      csv.append(result.firstStep() + i).append(',').append(l[0]).append(',').append(l[1]).append(',').append(l[2])
          .append(',').append(l[3]).append(',').append(l[4]).append('\n');
    }
    Files.writeString(outDir.resolve("loss.csv"), csv.toString().replace("NaN", ""));
    TrainedModel.JSON.writeValue(outDir.resolve(TrainedModel.SUMMARY).toFile(), summary);
    out.printf("trained %d steps in %s; weights in %s%n", steps, TrainingProgress.clock(training.toSeconds()),
        outDir.resolve(Checkpoint.FILE));
  }
}
