package org.ecgstream.trainer.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.bundle.DatasetLineage;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowCrops;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.schemas.Lead;
import org.ecgstream.trainer.data.CinC2017Dataset;
import org.ecgstream.trainer.data.LabelledRecording;
import org.ecgstream.trainer.data.MitBihDataset;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.data.PtbXlReport;
import org.ecgstream.trainer.data.PtbXlReports;
import org.ecgstream.trainer.data.Recording;
import org.ecgstream.trainer.data.Split;
import org.ecgstream.trainer.model.CmeltConfig;

/**
 * Gathers a pre-training corpus from a data folder laid out like {@code ../shared/data}: PTB-XL
 * training folds as ECG-report pairs, simulated pairs, and the CinC 2017 training split and MIT-BIH
 * as unpaired recordings for the masked ECG objective (their labels are never read). The extra
 * PTB-XL reports train the tokenizer. Records the content hash of each source as lineage.
 */
public final class CorpusBuilder {

  /** Minimum count for a BPE merge: rarer pairs stay split. */
  static final int TOKENIZER_MIN_FREQUENCY = 2;

  /**
   * What to gather.
   *
   * @param dataRoot folder with ptbxl/, ptbxl-reports/, cinc2017/, mitdb/ (each optional)
   * @param simulatedPairs how many simulated ECG-report pairs to add
   * @param maxUnpaired cap on unpaired windows
   * @param seed seed of the simulation
   */
  public record Sources(Path dataRoot, int simulatedPairs, int maxUnpaired, long seed) {}

  /** The corpus and where it came from. */
  public record Built(PretrainingCorpus corpus, List<DatasetLineage> lineage) {}

  /** Makes simulated ECG-report pairs; the trainer's default is the 12-lead simulator. */
  public interface PairSimulator {
    /** Appends {@code count} pairs of windows (at the spec's rate and length) and cleaned reports. */
    void simulate(int count, long seed, WindowPreprocessor preprocessor, PairSink sink);
  }

  /** Receives simulated pairs. */
  public interface PairSink {
    void accept(String id, EcgWindow window, String cleanedReport);
  }

  private final CmeltConfig config;
  private final PairSimulator simulator;
  private final PrintStream progress;

  public CorpusBuilder(CmeltConfig config, PairSimulator simulator, PrintStream progress) {
    this.config = config;
    this.simulator = simulator;
    this.progress = progress;
  }

  public Built build(Sources sources) throws IOException {
    WindowPreprocessor preprocessor = new WindowPreprocessor(config.input());
    List<PretrainingExample> paired = new ArrayList<>();
    List<PretrainingExample> unpaired = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    List<String> tokenizerTexts = new ArrayList<>();
    List<DatasetLineage> lineage = new ArrayList<>();
    Path root = sources.dataRoot();

    Path ptbxl = root.resolve("ptbxl");
    if (Files.isDirectory(ptbxl)) {
      PtbXlDataset dataset = PtbXlDataset.open(ptbxl);
      ContentHash hash = new ContentHash();
      for (var entry : dataset.entries(Split.TRAIN)) {
        LabelledRecording r = dataset.load(entry);
        if (!r.isPaired()) {
          continue;
        }
        EcgWindow window = preprocessor.prepare(r.recording().millivolts(), r.recording().sampleRateHz());
        String report = r.report().orElseThrow().cleaned();
        reports.add(report);
        paired.add(new PretrainingExample("ptbxl/" + r.id(), window, reports.size() - 1));
        hash.add(r.id(), window, report);
      }
      lineage.add(new DatasetLineage("ptbxl", "train (folds 1-8), ECG-report pairs", hash.hex(), hash.records()));
      progress.printf("corpus: %d PTB-XL pairs (folds 1-8)%n", hash.records());
    }
    if (sources.simulatedPairs() > 0) {
      ContentHash hash = new ContentHash();
      int total = sources.simulatedPairs();
      simulator.simulate(total, sources.seed(), preprocessor, (id, window, report) -> {
        reports.add(report);
        paired.add(new PretrainingExample("simulated/" + id, window, reports.size() - 1));
        hash.add(id, window, report);
        if (hash.records() % 1000 == 0 && hash.records() < total) {
          progress.printf("corpus: simulated %d/%d pairs%n", hash.records(), total);
        }
      });
      lineage.add(new DatasetLineage("simulated-12-lead", "seed " + sources.seed(), hash.hex(), hash.records()));
      progress.printf("corpus: %d simulated pairs%n", hash.records());
    }
    tokenizerTexts.addAll(reports);
    Path extraReports = root.resolve("ptbxl-reports");
    if (Files.isDirectory(extraReports)) {
      ContentHash hash = new ContentHash();
      for (PtbXlReport report : PtbXlReports.read(extraReports).train()) {
        if (!report.report().isBlank()) {
          tokenizerTexts.add(report.report().cleaned());
          hash.addText(report.report().cleaned());
        }
      }
      lineage.add(new DatasetLineage("ptbxl-reports", "train (folds 1-8), text only", hash.hex(), hash.records()));
    }
    int budget = sources.maxUnpaired();
    Path cinc = root.resolve("cinc2017");
    if (Files.isDirectory(cinc) && budget > 0) {
      CinC2017Dataset dataset = CinC2017Dataset.open(cinc);
      ContentHash hash = new ContentHash();
      for (String id : dataset.split(Split.TRAIN)) {
        if (hash.records() >= budget / 2) {
          break;
        }
        Recording r = dataset.load(id).recording();
        for (Map<Lead, float[]> crop : WindowCrops.evenlySpaced(r.millivolts(), r.sampleRateHz(),
            config.input().windowMillis() / 1000.0, 2)) {
          EcgWindow window = preprocessor.prepare(crop, r.sampleRateHz());
          if (window.presentLeadCount() > 0) {
            unpaired.add(new PretrainingExample("cinc2017/" + id, window, PretrainingExample.UNPAIRED));
            hash.add(id, window, null);
          }
        }
      }
      lineage.add(new DatasetLineage("cinc2017", "train split, unpaired (labels unused)", hash.hex(), hash.records()));
      progress.printf("corpus: %d unpaired CinC 2017 windows (train split)%n", hash.records());
    }
    Path mitdb = root.resolve("mitdb");
    if (Files.isDirectory(mitdb) && unpaired.size() < budget) {
      ContentHash hash = new ContentHash();
      MitBihDataset dataset = MitBihDataset.open(mitdb);
      int perRecord = Math.max(1, (budget - unpaired.size()) / Math.max(1, dataset.records().size()));
      for (String record : dataset.records()) {
        List<Recording> segments = dataset.segments(record);
        int step = Math.max(1, segments.size() / perRecord);
        for (int i = 0; i < segments.size() && unpaired.size() < budget; i += step) {
          Recording r = segments.get(i);
          EcgWindow window = preprocessor.prepare(r.millivolts(), r.sampleRateHz());
          if (window.presentLeadCount() > 0) {
            unpaired.add(new PretrainingExample("mitdb/" + r.id(), window, PretrainingExample.UNPAIRED));
            hash.add(r.id(), window, null);
          }
        }
      }
      lineage.add(new DatasetLineage("mitdb", "10 s segments, unpaired (annotations unused)", hash.hex(),
          hash.records()));
      progress.printf("corpus: %d unpaired MIT-BIH windows%n", hash.records());
    }
    if (paired.isEmpty()) {
      throw new IOException(root + ": no ECG-report pairs found (expected ptbxl/ in PTB-XL's layout, or simulated pairs)");
    }
    BpeTokenizer tokenizer = BpeTokenizer.train(tokenizerTexts, config.vocabularySize(), TOKENIZER_MIN_FREQUENCY);
    progress.printf("corpus: tokenizer of %d tokens from %d reports%n", tokenizer.vocabSize(), tokenizerTexts.size());
    return new Built(new PretrainingCorpus(paired, unpaired, reports, tokenizer), lineage);
  }

  /** For tests: no simulation. */
  public static PairSimulator noSimulation() {
    return (count, seed, preprocessor, sink) -> {
      throw new IllegalStateException("no simulator configured");
    };
  }

}
