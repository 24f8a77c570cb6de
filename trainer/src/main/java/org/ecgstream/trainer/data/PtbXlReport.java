package org.ecgstream.trainer.data;

import java.io.IOException;
import java.util.Map;
import org.ecgstream.core.text.ScpCodes;

/** One PTB-XL report with its SCP-ECG statements and stratified fold, with or without a signal. */
public record PtbXlReport(int ecgId, int fold, Report report, Map<String, Double> scpCodes) {

  public PtbXlReport {
    scpCodes = Map.copyOf(scpCodes);
  }

  public Split split() {
    return Split.ofPtbXlFold(fold);
  }

  /** Reads the columns PTB-XL's database and report-only tables share: ecg_id, report, scp_codes, strat_fold. */
  static PtbXlReport fromRow(CsvTable table, int row) throws IOException {
    int ecgId = table.getInt(row, "ecg_id");
    int fold = table.getInt(row, "strat_fold");
    if (fold < 1 || fold > 10) {
      throw new IOException(table.where(row) + " (ecg_id " + ecgId + "): strat_fold " + fold + " is not 1-10");
    }
    Map<String, Double> codes;
    try {
      codes = ScpCodes.parse(table.get(row, "scp_codes"));
    } catch (IllegalArgumentException e) {
      throw new IOException(table.where(row) + " (ecg_id " + ecgId + "): " + e.getMessage(), e);
    }
    return new PtbXlReport(ecgId, fold, Report.of(table.get(row, "report")), codes);
  }
}
