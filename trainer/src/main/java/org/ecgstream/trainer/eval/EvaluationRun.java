package org.ecgstream.trainer.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleLayout;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.trainer.data.CinC2017Dataset;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;
import org.ecgstream.trainer.train.TrainedModel;

/**
 * One {@code ./ecg eval} run: recognises the data set from its layout, evaluates the trained
 * encoders and both baselines (random initialisation, supervised from scratch) on the same split,
 * and writes the figures as JSON and the ROC curves as PNG.
 */
public final class EvaluationRun {

  /** Seed of the random-init and supervised baselines. */
  static final long BASELINE_SEED = 7;

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path modelDir;
  private final Path dataDir;
  private final Path outDir;
  private final int supervisedSteps;
  private final PrintStream progress;

  public EvaluationRun(Path modelDir, Path dataDir, Path outDir, int supervisedSteps, PrintStream progress) {
    this.modelDir = modelDir;
    this.dataDir = dataDir;
    this.outDir = outDir;
    this.supervisedSteps = supervisedSteps;
    this.progress = progress;
  }

  /** The data sets this evaluation recognises, by the file that marks their layout. */
  public enum Layout {
    CINC2017("REFERENCE.csv"),
    PTBXL(PtbXlDataset.DATABASE_CSV);

    final String marker;

    Layout(String marker) {
      this.marker = marker;
    }

    static Layout of(Path dir) throws IOException {
      for (Layout l : values()) {
        if (Files.isRegularFile(dir.resolve(l.marker))) {
          return l;
        }
      }
      throw new IOException(dir + ": not a recognised evaluation data set (expected CinC 2017's REFERENCE.csv "
          + "or PTB-XL's " + PtbXlDataset.DATABASE_CSV + ")");
    }
  }

  /** True when {@code dir} is an exported bundle (it has a manifest) rather than a training output. */
  public static boolean isBundle(Path dir) {
    return Files.isRegularFile(dir.resolve(BundleLayout.MANIFEST));
  }

  /** Runs the evaluation and returns its figures (also written to {@code outDir/eval-<dataset>.json}). */
  public Map<String, Object> run() throws IOException {
    Layout layout = Layout.of(dataDir);
    boolean bundle = isBundle(modelDir);
    ModelBundle opened = null;
    CmeltConfig config;
    BpeTokenizer tokenizer;
    if (bundle) {
      try {
        opened = ModelBundle.open(modelDir);
      } catch (BundleException e) {
        throw new IOException(e.getMessage(), e);
      }
      config = new ObjectMapper().convertValue(opened.manifest().config(), CmeltConfig.class);
      tokenizer = BpeTokenizer.load(opened.tokenizer());
    } else {
      config = TrainedModel.readConfig(modelDir);
      tokenizer = TrainedModel.readTokenizer(modelDir);
    }
    DatasetEvaluation evaluation = switch (layout) {
      case CINC2017 -> new CinCEvaluation(CinC2017Dataset.open(dataDir), Prompts.rhythm(), progress);
      case PTBXL -> new PtbXlEvaluation(PtbXlDataset.open(dataDir), Prompts.ptbXl(), progress);
    };
    evaluation.load(new WindowPreprocessor(config.input()));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("dataset", layout.name().toLowerCase(Locale.ROOT));
    result.put("split", evaluation.splitDescription());
    result.put("model", modelDir.toString());
    result.put("runtime", bundle ? "onnxruntime (exported bundle)" : "djl (training weights)");
    result.put("prompts", evaluation.prompts().byLabel());
    result.putAll(evaluation.details());
    Map<String, DatasetEvaluation.Scores> byEncoder = new LinkedHashMap<>();

    progress.println("eval: pre-trained C-MELT encoders on " + result.get("runtime"));
    DatasetEvaluation.Scores cmelt;
    if (bundle) {
      try (OnnxBundleEncoders encoders = new OnnxBundleEncoders(opened)) {
        cmelt = evaluation.encoder(encoders, true);
      } catch (BundleException e) {
        throw new IOException(e.getMessage(), e);
      }
    } else {
      NDManager trainedManager = NDManager.newBaseManager();
      try (DjlEncoders encoders = new DjlEncoders(trainedManager, TrainedModel.load(modelDir, trainedManager), tokenizer)) {
        cmelt = evaluation.encoder(encoders, true);
      }
    }
    result.put("cmelt", cmelt.metrics());
    if (cmelt.calibration() != null) {
      // Fitted on the validation split; ./ecg export writes it into the bundle's manifest.
      result.put("calibration", cmelt.calibration());
    }
    byEncoder.put("cmelt", cmelt);

    progress.println("eval: baseline, randomly initialised encoder");
    NDManager randomManager = NDManager.newBaseManager();
    Engine.getInstance().setRandomSeed((int) BASELINE_SEED);
    CmeltModel random = new CmeltModel(config, tokenizer.vocabSize());
    random.initialize(randomManager);
    DatasetEvaluation.Scores randomScores;
    try (DjlEncoders encoders = new DjlEncoders(randomManager, random, tokenizer)) {
      randomScores = evaluation.encoder(encoders, true);
    }
    result.put("random_init", randomScores.metrics());
    byEncoder.put("random_init", randomScores);
    Map<String, PairedDifference> paired = evaluation.pairedByDraw(cmelt, randomScores);
    if (!paired.isEmpty()) {
      result.put("cmelt_minus_random_init", paired);
    }

    if (supervisedSteps > 0) {
      progress.println("eval: baseline, the same ECG encoder trained supervised from scratch");
      DatasetEvaluation.Scores supervised = evaluation.supervised(config, supervisedSteps, BASELINE_SEED);
      result.put("supervised_from_scratch", supervised.metrics());
      result.put("supervised_steps", supervisedSteps);
      byEncoder.put("supervised_from_scratch", supervised);
      Map<String, PairedDifference> vsSupervised =
          evaluation.pairedByDraw(cmelt, supervised, metric -> metric.replace("linear_probe_", "supervised_"));
      if (!vsSupervised.isEmpty()) {
        result.put("cmelt_minus_supervised_from_scratch", vsSupervised);
      }
    }
    Files.createDirectories(outDir);
    String name = (String) result.get("dataset");
    JSON.writeValue(outDir.resolve("eval-" + name + ".json").toFile(), result);
    evaluation.plot(outDir, byEncoder);
    return result;
  }

  /** The figures as a table: one row per metric, one column per encoder; then the paired differences. */
  @SuppressWarnings("unchecked")
  public static String table(Map<String, Object> result) {
    String[] columns = {"cmelt", "random_init", "supervised_from_scratch"};
    java.util.Set<String> metrics = new java.util.LinkedHashSet<>();
    for (String c : columns) {
      if (result.get(c) instanceof Map<?, ?> m) {
        metrics.addAll(((Map<String, Double>) m).keySet());
      }
    }
    // PTB-XL's per-label names are longer than CinC's; widen the first column only when needed.
    int width = Math.max(30, metrics.stream().mapToInt(String::length).max().orElse(0) + 1);
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-" + width + "s %10s %12s %12s%n", "metric (AUC)",
        "C-MELT", "random init", "supervised"));
    for (String metric : metrics) {
      out.append(String.format(Locale.ROOT, "%-" + width + "s", metric));
      for (String c : columns) {
        Object m = result.get(c);
        Double v = m instanceof Map<?, ?> map ? (Double) map.get(metric) : null;
        out.append(v == null ? String.format("%12s", "-") : String.format(Locale.ROOT, "%12.3f", v));
      }
      out.append('\n');
    }
    for (String baseline : new String[] {"random_init", "supervised_from_scratch"}) {
      if (!(result.get("cmelt_minus_" + baseline) instanceof Map<?, ?> paired) || paired.isEmpty()) {
        continue;
      }
      out.append(String.format("%nC-MELT probe minus " + baseline.replace('_', ' ') + ", paired by label draw: mean, sd over"
          + " draws, 95%% t-interval over draws;%nand the 95%% bootstrap interval that also resamples the test recordings:%n"));
      paired.forEach((metric, value) -> {
        // Read back from JSON the records are maps; straight from run() they are PairedDifference.
        PairedDifference d = value instanceof PairedDifference p ? p : JSON.convertValue(value, PairedDifference.class);
        PairedBootstrap.Interval b = d.withTestResampling();
        out.append(String.format(Locale.ROOT, "%-" + width + "s %+10.3f %12.3f   [%+.3f, %+.3f]  %s %d draws%n", metric,
            d.mean(), d.sd(), d.ci95Low(), d.ci95High(),
            b == null ? "" : String.format(Locale.ROOT, "[%+.3f, %+.3f]", b.low(), b.high()), d.draws()));
      });
    }
    return out.toString();
  }
}
