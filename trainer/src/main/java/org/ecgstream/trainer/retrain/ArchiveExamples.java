package org.ecgstream.trainer.retrain;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowCrops;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.schemas.Lead;
import org.ecgstream.trainer.data.ArchiveDataset;
import org.ecgstream.trainer.data.Recording;
import org.ecgstream.trainer.train.PretrainingExample;

/**
 * The archive's recordings as pre-training examples: each ECG-report pair and each unpaired
 * recording cut into 10 s windows (evenly spaced, at most {@code maxWindowsPerRecording}, one per
 * 10 s of signal) by the serving preprocessor. A pair's windows all point at its report, so a
 * 10-minute report does not outweigh a 10-second one by more than the cap.
 *
 * @param paired windows of ECG-report pairs; report indices point into {@code reports}
 * @param unpaired windows of recordings no report covers (masked-ECG objective only)
 * @param reports the pairs' cleaned report texts
 * @param counts what the archive read found
 */
public record ArchiveExamples(List<PretrainingExample> paired, List<PretrainingExample> unpaired, List<String> reports,
    ArchiveDataset.Counts counts) {

  public ArchiveExamples {
    paired = List.copyOf(paired);
    unpaired = List.copyOf(unpaired);
    reports = List.copyOf(reports);
  }

  /** Reads the whole archive once, windowing as it goes. */
  public static ArchiveExamples read(ArchiveDataset archive, WindowPreprocessor preprocessor, int maxWindowsPerRecording)
      throws IOException {
    if (maxWindowsPerRecording < 1) {
      throw new IllegalArgumentException("at least one window per archived recording, got " + maxWindowsPerRecording);
    }
    List<PretrainingExample> paired = new ArrayList<>();
    List<PretrainingExample> unpaired = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    ArchiveDataset.Counts counts = archive.read(pair -> {
      String report = pair.report().orElseThrow().cleaned();
      List<EcgWindow> windows = windows(pair.recording(), preprocessor, maxWindowsPerRecording);
      if (!windows.isEmpty()) {
        reports.add(report);
        for (EcgWindow w : windows) {
          paired.add(new PretrainingExample("archive/" + pair.id(), w, reports.size() - 1));
        }
      }
    }, recording -> {
      for (EcgWindow w : windows(recording.recording(), preprocessor, maxWindowsPerRecording)) {
        unpaired.add(new PretrainingExample("archive/" + recording.id(), w, PretrainingExample.UNPAIRED));
      }
    });
    return new ArchiveExamples(paired, unpaired, reports, counts);
  }

  /** Windows with at least one recorded lead; a recording shorter than a window is padded by the preprocessor. */
  static List<EcgWindow> windows(Recording r, WindowPreprocessor preprocessor, int maxWindows) {
    double windowSeconds = preprocessor.spec().windowMillis() / 1000.0;
    int count = (int) Math.max(1, Math.min(maxWindows, Math.floor(r.durationSeconds() / windowSeconds)));
    List<EcgWindow> out = new ArrayList<>();
    for (Map<Lead, float[]> crop : WindowCrops.evenlySpaced(r.millivolts(), r.sampleRateHz(), windowSeconds, count)) {
      EcgWindow w = preprocessor.prepare(crop, r.sampleRateHz());
      if (w.presentLeadCount() > 0) {
        out.add(w);
      }
    }
    return out;
  }
}
