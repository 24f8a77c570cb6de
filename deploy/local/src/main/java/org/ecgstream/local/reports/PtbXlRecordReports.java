package org.ecgstream.local.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.data.PtbXlEntry;

/**
 * The real reports of replayed PTB-XL records: the {@code report} column of ptbxl_database.csv,
 * found in the replayed folder or one of its parents (PTB-XL keeps records in
 * {@code records100/00000/}), by the record's file name ({@code 00001_lr}).
 */
public final class PtbXlRecordReports {

  private static final int LEVELS_UP = 3;

  private final Map<String, String> byRecord;

  private PtbXlRecordReports(Map<String, String> byRecord) {
    this.byRecord = byRecord;
  }

  /** The reports of the PTB-XL data set {@code recordsDir} belongs to; empty when it belongs to none. */
  public static Optional<PtbXlRecordReports> around(Path recordsDir) throws IOException {
    Path dir = recordsDir.toAbsolutePath().normalize();
    for (int i = 0; i <= LEVELS_UP && dir != null; i++, dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(PtbXlDataset.DATABASE_CSV))) {
        Map<String, String> reports = new HashMap<>();
        for (PtbXlEntry entry : PtbXlDataset.open(dir).entries()) {
          if (!entry.report().isBlank()) {
            reports.put(Path.of(entry.filenameLr()).getFileName().toString(), entry.report().raw());
          }
        }
        return Optional.of(new PtbXlRecordReports(reports));
      }
    }
    return Optional.empty();
  }

  /** The cardiologist's report on {@code record} (e.g. 00001_lr), if it has one. */
  public Optional<String> report(String record) {
    return Optional.ofNullable(byRecord.get(record));
  }
}
