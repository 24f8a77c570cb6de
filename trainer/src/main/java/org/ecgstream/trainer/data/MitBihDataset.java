package org.ecgstream.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.Lead;

/**
 * The MIT-BIH Arrhythmia Database (Moody and Mark, IEEE EMB 20(3), 2001) as unlabelled 10 s
 * segments for the masked-ECG objective: MLII becomes lead II, V1-V6 keep their names, other
 * signals are dropped. Records are read one at a time as the segments are consumed.
 */
public final class MitBihDataset {

  public static final double SEGMENT_SECONDS = 10.0;

  private final Path dir;
  private final List<String> records;

  private MitBihDataset(Path dir, List<String> records) {
    this.dir = dir;
    this.records = List.copyOf(records);
  }

  /** Reads the record list {@code RECORDS} (one name per line). */
  public static MitBihDataset open(Path dir) throws IOException {
    Path file = dir.resolve("RECORDS");
    List<String> names = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
    } catch (NoSuchFileException e) {
      throw new IOException("MIT-BIH record list " + file + " is missing", e);
    }
    if (names.isEmpty()) {
      throw new IOException("MIT-BIH record list " + file + " is empty");
    }
    return new MitBihDataset(dir, names);
  }

  public List<String> records() {
    return records;
  }

  /**
   * The record's whole 10 s segments (the tail shorter than 10 s is dropped), ids
   * {@code "<record>/<start second>"}, e.g. {@code 100/0}, {@code 100/10}.
   */
  public List<Recording> segments(String record) throws IOException {
    Recording whole;
    try {
      whole = WfdbRecordings.toRecording(record, WfdbRecord.read(dir, record));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(record + ".hea") + ": " + e.getMessage(), e);
    }
    int length = (int) Math.round(SEGMENT_SECONDS * whole.sampleRateHz());
    List<Recording> out = new ArrayList<>(whole.length() / length);
    for (int start = 0; start + length <= whole.length(); start += length) {
      Map<Lead, float[]> leads = new EnumMap<>(Lead.class);
      for (Map.Entry<Lead, float[]> lead : whole.millivolts().entrySet()) {
        leads.put(lead.getKey(), Arrays.copyOfRange(lead.getValue(), start, start + length));
      }
      long startSecond = Math.round(start / whole.sampleRateHz());
      out.add(new Recording(record + "/" + startSecond, leads, whole.sampleRateHz()));
    }
    return out;
  }

  /** Every record's segments in {@code RECORDS} order; at most one record is in memory at a time. */
  public Stream<Recording> segments() {
    Iterator<Recording> iterator = new Iterator<>() {
      private int nextRecord = 0;
      private Iterator<Recording> current = List.<Recording>of().iterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && nextRecord < records.size()) {
          try {
            current = segments(records.get(nextRecord++)).iterator();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        return current.hasNext();
      }

      @Override
      public Recording next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }
}
