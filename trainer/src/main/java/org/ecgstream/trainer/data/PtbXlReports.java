package org.ecgstream.trainer.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Report-only PTB-XL rows (CSV columns {@code ecg_id,report,scp_codes,strat_fold}, no signals):
 * extra text for the language side of pre-training.
 */
public final class PtbXlReports {

  private final List<PtbXlReport> reports;

  private PtbXlReports(List<PtbXlReport> reports) {
    this.reports = List.copyOf(reports);
  }

  /** Reads one CSV file, or every {@code .csv} file in a folder (sorted by name); an ecg_id seen twice keeps its first row. */
  public static PtbXlReports read(Path fileOrFolder) throws IOException {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(fileOrFolder)) {
      try (Stream<Path> listing = Files.list(fileOrFolder)) {
        listing.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().forEach(files::add);
      }
      if (files.isEmpty()) {
        throw new IOException("report folder " + fileOrFolder + " holds no .csv file");
      }
    } else {
      files.add(fileOrFolder);
    }
    Map<Integer, PtbXlReport> byId = new LinkedHashMap<>();
    for (Path file : files) {
      CsvTable table = CsvTable.read(file, "ecg_id", "report", "scp_codes", "strat_fold");
      for (int r = 0; r < table.size(); r++) {
        if (!table.isBlank(r)) {
          PtbXlReport report = PtbXlReport.fromRow(table, r);
          byId.putIfAbsent(report.ecgId(), report);
        }
      }
    }
    return new PtbXlReports(new ArrayList<>(byId.values()));
  }

  public List<PtbXlReport> all() {
    return reports;
  }

  public List<PtbXlReport> split(Split split) {
    return reports.stream().filter(r -> r.split() == split).toList();
  }

  /** Folds 1-8 only: the text a model may train on without seeing validation or test reports. */
  public List<PtbXlReport> train() {
    return split(Split.TRAIN);
  }

  public int size() {
    return reports.size();
  }
}
