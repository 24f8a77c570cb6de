package org.ecgstream.trainer.export;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.Encoding;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.data.PtbXlEntry;
import org.ecgstream.trainer.data.Recording;

/** The first PTB-XL records (100 Hz, 12 leads) preprocessed as windows, with their cleaned reports. */
final class RealParityInputs {

  final List<EcgWindow> windows = new ArrayList<>();
  final List<String> reports = new ArrayList<>();
  final BpeTokenizer tokenizer;

  RealParityInputs(int records, InputSpec spec, int vocabulary) throws IOException {
    PtbXlDataset ptbxl = PtbXlDataset.open(SharedData.folder("ptbxl"));
    WindowPreprocessor preprocessor = new WindowPreprocessor(spec);
    for (PtbXlEntry entry : ptbxl.entries().subList(0, records)) {
      Recording recording = ptbxl.recording(entry);
      windows.add(preprocessor.prepare(recording.millivolts(), recording.sampleRateHz()));
      reports.add(entry.report().cleaned());
    }
    tokenizer = BpeTokenizer.train(reports, vocabulary, 1);
  }

  /** Windows {@code from} (inclusive) to {@code to} (exclusive), lead mask from each lead's presence. */
  ParityCheck.EcgBatch ecg(int from, int to) {
    List<EcgWindow> chosen = windows.subList(from, to);
    float[][][] signal = new float[chosen.size()][][];
    float[][] mask = new float[chosen.size()][];
    for (int i = 0; i < chosen.size(); i++) {
      signal[i] = chosen.get(i).samples();
      boolean[] present = chosen.get(i).present();
      mask[i] = new float[present.length];
      for (int l = 0; l < present.length; l++) {
        mask[i][l] = present[l] ? 1f : 0f;
      }
    }
    return new ParityCheck.EcgBatch(signal, mask);
  }

  /** Reports {@code from} to {@code to} encoded to exactly {@code tokens} tokens each. */
  ParityCheck.TextBatch text(int from, int to, int tokens) {
    List<String> chosen = reports.subList(from, to);
    long[][] ids = new long[chosen.size()][tokens];
    float[][] attention = new float[chosen.size()][tokens];
    for (int i = 0; i < chosen.size(); i++) {
      Encoding e = tokenizer.encode(chosen.get(i), tokens);
      for (int t = 0; t < tokens; t++) {
        ids[i][t] = e.ids()[t];
        attention[i][t] = e.attentionMask()[t];
      }
    }
    return new ParityCheck.TextBatch(ids, attention);
  }
}
