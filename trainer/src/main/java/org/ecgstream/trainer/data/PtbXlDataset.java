package org.ecgstream.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ecgstream.core.wfdb.WfdbRecord;

/**
 * PTB-XL (Wagner et al., Scientific Data 7, 154, 2020) in its published layout: the tables are
 * read at {@link #open}, the 100 Hz signals ({@code filename_lr}) only when a record is loaded.
 * Rows whose signal files are not on disk are left out, so a partial copy and the full set both work.
 */
public final class PtbXlDataset {

  public static final String DATABASE_CSV = "ptbxl_database.csv";
  public static final String STATEMENTS_CSV = "scp_statements.csv";

  private final Path dir;
  private final ScpStatements statements;
  private final Map<Integer, PtbXlEntry> entries;
  private final int rowsWithoutSignal;

  private PtbXlDataset(Path dir, ScpStatements statements, Map<Integer, PtbXlEntry> entries, int rowsWithoutSignal) {
    this.dir = dir;
    this.statements = statements;
    this.entries = Collections.unmodifiableMap(entries);
    this.rowsWithoutSignal = rowsWithoutSignal;
  }

  /** Reads both tables in {@code dir} and indexes the rows whose {@code filename_lr} .hea and .dat exist. */
  public static PtbXlDataset open(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("PTB-XL folder " + dir + " does not exist");
    }
    ScpStatements statements = ScpStatements.read(dir.resolve(STATEMENTS_CSV));
    CsvTable table = CsvTable.read(dir.resolve(DATABASE_CSV), "ecg_id", "report", "scp_codes", "strat_fold", "filename_lr");
    Map<Integer, PtbXlEntry> entries = new LinkedHashMap<>();
    int withoutSignal = 0;
    for (int r = 0; r < table.size(); r++) {
      if (table.isBlank(r)) {
        continue;
      }
      PtbXlReport row = PtbXlReport.fromRow(table, r);
      String filename = table.get(r, "filename_lr").strip();
      if (!Files.isRegularFile(dir.resolve(filename + ".hea")) || !Files.isRegularFile(dir.resolve(filename + ".dat"))) {
        withoutSignal++;
        continue;
      }
      PtbXlEntry entry = new PtbXlEntry(row.ecgId(), row.fold(), row.report(), row.scpCodes(),
          statements.superclasses(row.scpCodes()), statements.rhythms(row.scpCodes()), filename);
      if (entries.put(entry.ecgId(), entry) != null) {
        throw new IOException(table.where(r) + ": ecg_id " + entry.ecgId() + " appears twice");
      }
    }
    return new PtbXlDataset(dir, statements, entries, withoutSignal);
  }

  /** Every row with its signal on disk, in table order. */
  public List<PtbXlEntry> entries() {
    return List.copyOf(entries.values());
  }

  /** The rows of one split: folds 1-8 train, 9 validation, 10 test. */
  public List<PtbXlEntry> entries(Split split) {
    return entries.values().stream().filter(e -> e.split() == split).toList();
  }

  public Optional<PtbXlEntry> entry(int ecgId) {
    return Optional.ofNullable(entries.get(ecgId));
  }

  /** Table rows left out because their signal files are not in the folder. */
  public int rowsWithoutSignal() {
    return rowsWithoutSignal;
  }

  /** Number of usable records per {@code strat_fold}, folds ascending. */
  public Map<Integer, Integer> foldCounts() {
    Map<Integer, Integer> counts = new TreeMap<>();
    for (PtbXlEntry entry : entries.values()) {
      counts.merge(entry.fold(), 1, Integer::sum);
    }
    return counts;
  }

  public ScpStatements statements() {
    return statements;
  }

  /** Reads the entry's 12-lead 100 Hz signal; its id is the ecg_id. */
  public Recording recording(PtbXlEntry entry) throws IOException {
    Path file = dir.resolve(entry.filenameLr());
    WfdbRecord record = WfdbRecord.read(file.getParent(), file.getFileName().toString());
    try {
      return WfdbRecordings.toRecording(Integer.toString(entry.ecgId()), record);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ".hea: " + e.getMessage(), e);
    }
  }

  /** The signal with its report and labels ({@link PtbXlEntry#labels()}). */
  public LabelledRecording load(PtbXlEntry entry) throws IOException {
    return new LabelledRecording(recording(entry), Optional.of(entry.report()), entry.labels());
  }

  /** The split's records, each read from disk only when the stream reaches it. */
  public Stream<LabelledRecording> stream(Split split) {
    return entries(split).stream().map(entry -> {
      try {
        return load(entry);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
