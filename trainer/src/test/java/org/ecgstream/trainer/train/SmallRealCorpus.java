package org.ecgstream.trainer.train;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.CsvRows;
import org.ecgstream.core.text.ReportText;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.Lead;
import org.ecgstream.trainer.model.CmeltConfig;

/** A handful of real PTB-XL ECG-report pairs for training tests, and a model small enough for them. */
final class SmallRealCorpus {

  private SmallRealCorpus() {}

  /** The tiny configuration shrunk further so a step takes milliseconds. */
  static CmeltConfig micro(int steps, int batch) {
    CmeltConfig tiny = CmeltConfig.tiny();
    return new CmeltConfig("micro", tiny.input(), new int[] {5, 2, 2}, 16, 32, 2, 2, 1, 5, 4,
        1, 48, 300, 1, 32, 1, 32, 0.75f, 0.5f, 0.15f, 0f,
        new CmeltConfig.Training(batch, steps, 3, 3e-3f, 0.01f, 1f, CmeltConfig.LossWeights.plainSum(), 1f, 42L));
  }

  /** The first {@code n} PTB-XL records with their reports, preprocessed for {@code spec}. */
  static PretrainingCorpus firstRecords(int n, InputSpec spec, int vocabulary) throws Exception {
    Path ptbxl = SharedData.folder("ptbxl");
    List<List<String>> rows;
    try (Reader reader = Files.newBufferedReader(ptbxl.resolve("ptbxl_database.csv"))) {
      rows = CsvRows.parse(reader);
    }
    List<String> header = rows.get(0);
    int reportColumn = header.indexOf("report");
    int fileColumn = header.indexOf("filename_lr");
    WindowPreprocessor preprocessor = new WindowPreprocessor(spec);
    List<PretrainingExample> examples = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    for (List<String> row : rows.subList(1, n + 1)) {
      Path file = ptbxl.resolve(row.get(fileColumn));
      WfdbRecord record = WfdbRecord.read(file.getParent(), file.getFileName().toString());
      Map<Lead, float[]> leads = new EnumMap<>(Lead.class);
      for (int s = 0; s < record.signalCount(); s++) {
        leads.put(StandardLeads.parse(record.signalName(s)), record.physical(s));
      }
      reports.add(ReportText.clean(row.get(reportColumn)));
      examples.add(new PretrainingExample(
          row.get(fileColumn), preprocessor.prepare(leads, record.samplingFrequencyHz()), reports.size() - 1));
    }
    BpeTokenizer tokenizer = BpeTokenizer.train(reports, vocabulary, 1);
    return new PretrainingCorpus(examples, List.of(), reports, tokenizer);
  }
}
