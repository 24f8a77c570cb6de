package org.ecgstream.core.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 CSV reader for the PTB-XL tables: quoted fields may hold commas, line breaks
 * and doubled quotes ({@code ""}); lines end in LF or CRLF.
 */
public final class CsvRows {

  private CsvRows() {}

  /** All rows of {@code reader}, the header included; a blank line is a row with one empty field. */
  public static List<List<String>> parse(Reader source) throws IOException {
    Reader reader = source.markSupported() ? source : new BufferedReader(source);
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean rowStarted = false;
    int c;
    while ((c = reader.read()) != -1) {
      rowStarted = true;
      if (quoted) {
        if (c == '"') {
          reader.mark(1);
          int next = reader.read();
          if (next == '"') {
            field.append('"');
          } else {
            quoted = false;
            if (next != -1) {
              reader.reset();
            }
          }
        } else {
          field.append((char) c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        endRow(rows, row, field);
        row = new ArrayList<>();
        rowStarted = false;
      } else if (c != '\r') {
        field.append((char) c);
      }
    }
    if (quoted) {
      throw new IOException("CSV ends inside a quoted field (a closing \" is missing) in row "
          + (rows.size() + 1));
    }
    if (rowStarted) {
      endRow(rows, row, field);
    }
    return rows;
  }

  /** The values of column {@code name} (by header), one per data row, from the UTF-8 file. */
  public static List<String> column(Path file, String name) throws IOException {
    List<List<String>> rows;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      rows = parse(reader);
    } catch (IOException e) {
      throw new IOException("CSV " + file + ": " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new IOException("CSV " + file + " is empty; expected a header row with column " + name);
    }
    int index = rows.get(0).indexOf(name);
    if (index < 0) {
      throw new IOException("CSV " + file + " has no column '" + name + "'; header: " + rows.get(0));
    }
    List<String> values = new ArrayList<>(rows.size() - 1);
    for (int r = 1; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (index >= row.size()) {
        throw new IOException("CSV " + file + " row " + (r + 1) + " has " + row.size()
            + " fields, too few for column '" + name + "' (field " + (index + 1) + ")");
      }
      values.add(row.get(index));
    }
    return values;
  }

  private static void endRow(List<List<String>> rows, List<String> row, StringBuilder field) {
    row.add(field.toString());
    field.setLength(0);
    rows.add(row);
  }
}
