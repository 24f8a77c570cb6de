package org.ecgstream.trainer.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.text.CsvRows;

/** A UTF-8 CSV file read whole, its fields looked up by header name, every error naming the file and row. */
final class CsvTable {

  private final Path file;
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<List<String>> rows;

  private CsvTable(Path file, List<List<String>> rows) {
    this.file = file;
    this.rows = rows;
    List<String> header = rows.get(0);
    for (int i = 0; i < header.size(); i++) {
      columns.putIfAbsent(header.get(i).strip(), i);
    }
  }

  /** Reads {@code file} and checks that its header holds every one of {@code required}. */
  static CsvTable read(Path file, String... required) throws IOException {
    List<List<String>> rows;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      rows = CsvRows.parse(reader);
    } catch (NoSuchFileException e) {
      throw new IOException("CSV " + file + " is missing", e);
    } catch (IOException e) {
      throw new IOException("CSV " + file + " cannot be read (corrupt or not UTF-8?): " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new IOException("CSV " + file + " is empty; expected a header row with columns " + List.of(required));
    }
    CsvTable table = new CsvTable(file, rows);
    for (String name : required) {
      if (!table.columns.containsKey(name)) {
        throw new IOException("CSV " + file + " has no column '" + name + "' (header: " + rows.get(0) + ")");
      }
    }
    return table;
  }

  Path file() {
    return file;
  }

  /** Data rows, the header excluded. */
  int size() {
    return rows.size() - 1;
  }

  /** True for a data row that is one empty field (a blank line, e.g. at the end of the file). */
  boolean isBlank(int row) {
    List<String> fields = rows.get(row + 1);
    return fields.size() == 1 && fields.get(0).isBlank();
  }

  /** The field of column {@code name} in data row {@code row} (0-based). */
  String get(int row, String name) throws IOException {
    List<String> fields = rows.get(row + 1);
    Integer index = columns.get(name);
    if (index == null) {
      throw new IOException("CSV " + file + " has no column '" + name + "'");
    }
    if (index >= fields.size()) {
      throw new IOException(where(row) + " has " + fields.size() + " fields, too few for column '" + name + "'");
    }
    return fields.get(index);
  }

  /** The field as an integer; PTB-XL writes some integers as floats ("3.0"), which are accepted. */
  int getInt(int row, String name) throws IOException {
    String value = get(row, name).strip();
    try {
      double parsed = Double.parseDouble(value);
      if (parsed != Math.rint(parsed)) {
        throw new NumberFormatException("not a whole number");
      }
      return (int) parsed;
    } catch (NumberFormatException e) {
      throw new IOException(where(row) + " column '" + name + "': '" + value + "' is not an integer", e);
    }
  }

  /** "CSV file row N", N counting CSV rows from 1 = header (a quoted field may span lines). */
  String where(int row) {
    return "CSV " + file + " row " + (row + 2);
  }
}
