package org.ecgstream.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ecgstream.core.text.CsvRows;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.Lead;

/**
 * PhysioNet/CinC Challenge 2017 (Clifford et al., CinC 2017): single-lead 300 Hz recordings
 * labelled in {@code REFERENCE.csv}, with a fixed stratified train/validation/test split. The lead
 * is treated as lead I (the AliveCor device records roughly lead I between the two hands).
 */
public final class CinC2017Dataset {

  public static final String REFERENCE_CSV = "REFERENCE.csv";

  /** Seed of the split's shuffle; changing it changes every split, so never do it silently. */
  public static final long SPLIT_SEED = 2017L;

  /** Fractions per class: the rest after train and validation is test. */
  public static final double TRAIN_FRACTION = 0.6;
  public static final double VALIDATION_FRACTION = 0.2;

  public static final Lead LEAD = Lead.I;

  private final Path dir;
  private final Map<String, CinC2017Label> labels;
  private final Map<Split, List<String>> splits;

  private CinC2017Dataset(Path dir, Map<String, CinC2017Label> labels) {
    this.dir = dir;
    this.labels = Collections.unmodifiableMap(labels);
    this.splits = stratifiedSplit(labels);
  }

  /** Reads {@code REFERENCE.csv} (rows {@code A00001,N}, no header); signals are read on {@link #load}. */
  public static CinC2017Dataset open(Path dir) throws IOException {
    Path file = dir.resolve(REFERENCE_CSV);
    List<List<String>> rows;
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      rows = CsvRows.parse(reader);
    } catch (NoSuchFileException e) {
      throw new IOException("CinC 2017 labels " + file + " are missing", e);
    } catch (IOException e) {
      throw new IOException("CinC 2017 labels " + file + " cannot be read: " + e.getMessage(), e);
    }
    Map<String, CinC2017Label> labels = new TreeMap<>();
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      if (row.size() != 2) {
        throw new IOException("CSV " + file + " row " + (r + 1) + ": expected 'record,label', got " + row);
      }
      String id = row.get(0).strip();
      try {
        labels.put(id, CinC2017Label.fromCode(row.get(1)));
      } catch (IllegalArgumentException e) {
        throw new IOException("CSV " + file + " row " + (r + 1) + " (" + id + "): " + e.getMessage(), e);
      }
    }
    if (labels.isEmpty()) {
      throw new IOException("CSV " + file + " lists no recordings");
    }
    return new CinC2017Dataset(dir, labels);
  }

  /** Every record id, sorted. */
  public List<String> ids() {
    return List.copyOf(labels.keySet());
  }

  public Optional<CinC2017Label> label(String id) {
    return Optional.ofNullable(labels.get(id));
  }

  /** Record ids of one split, sorted; the same on every call, machine and JVM. */
  public List<String> split(Split split) {
    return splits.get(split);
  }

  /** Records per label. */
  public Map<CinC2017Label, Integer> labelCounts() {
    Map<CinC2017Label, Integer> counts = new EnumMap<>(CinC2017Label.class);
    labels.values().forEach(l -> counts.merge(l, 1, Integer::sum));
    return counts;
  }

  /** Reads the record's signal as lead I; labels = [label name], no report. */
  public LabelledRecording load(String id) throws IOException {
    CinC2017Label label = labels.get(id);
    if (label == null) {
      throw new IllegalArgumentException("CinC 2017 record " + id + " is not in " + dir.resolve(REFERENCE_CSV));
    }
    WfdbRecord record = WfdbRecord.read(dir, id);
    try {
      return new LabelledRecording(WfdbRecordings.singleLead(id, record, LEAD), Optional.empty(), List.of(label.name()));
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(id + ".hea") + ": " + e.getMessage(), e);
    }
  }

  /** The split's records, each read when the stream reaches it. */
  public Stream<LabelledRecording> stream(Split split) {
    return split(split).stream().map(id -> {
      try {
        return load(id);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /**
   * Per label: sort the ids, shuffle them with {@code new Random(SPLIT_SEED)} (Fisher-Yates, the
   * same generator sequence on every JVM), then take the first round(60%) for train, the next
   * round(20%) for validation and the rest for test.
   */
  private static Map<Split, List<String>> stratifiedSplit(Map<String, CinC2017Label> labels) {
    Map<Split, List<String>> out = new EnumMap<>(Split.class);
    for (Split split : Split.values()) {
      out.put(split, new ArrayList<>());
    }
    for (CinC2017Label label : CinC2017Label.values()) {
      List<String> ids = new ArrayList<>();
      labels.forEach((id, l) -> {
        if (l == label) {
          ids.add(id); // TreeMap: already sorted
        }
      });
      Random random = new Random(SPLIT_SEED + label.ordinal());
      for (int i = ids.size() - 1; i > 0; i--) {
        Collections.swap(ids, i, random.nextInt(i + 1));
      }
      int train = (int) Math.round(ids.size() * TRAIN_FRACTION);
      int validation = (int) Math.round(ids.size() * VALIDATION_FRACTION);
      out.get(Split.TRAIN).addAll(ids.subList(0, train));
      out.get(Split.VALIDATION).addAll(ids.subList(train, Math.min(ids.size(), train + validation)));
      out.get(Split.TEST).addAll(ids.subList(Math.min(ids.size(), train + validation), ids.size()));
    }
    out.replaceAll((split, ids) -> ids.stream().sorted().toList());
    return Collections.unmodifiableMap(out);
  }
}
