package org.ecgstream.simulators.replay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.text.ScpCodes;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbFormatException;
import org.ecgstream.schemas.BeatAnnotation;
import org.ecgstream.schemas.BeatClass;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.TruthEvent;

/**
 * What is known about a recorded record, as the ground truth a simulated bed would publish
 * ({@link EcgTruth}): from its reference annotations ({@code .atr}: every beat's R-peak sample with
 * its class, rhythm changes as events from onset to the next change, ventricular flutter episodes
 * between {@code [} and {@code ]}), or from a record-level label (CinC 2017 {@code REFERENCE.csv}: one
 * event for the whole record; Challenge 2015 header comments: the monitor's alarm at 5 min and
 * whether it was true, as a {@code TRUE_ALARM} or {@code FALSE_ALARM} event from then to the end). Samples are record sample indices; {@link #truthFor} places them on
 * the replay's running sample count, so a looped record's truth continues with its clock.
 */
public final class RecordTruth {

  /** A known event over record samples [onsetSample, offsetSample). */
  public record Event(String kind, String detail, long onsetSample, long offsetSample) {}

  /** No annotations or labels: frames carry no ground truth. */
  public static final RecordTruth NONE = new RecordTruth(new long[0], new BeatClass[0], List.of(), false);

  /** MIT-BIH rhythm annotation names (aux "(AFIB") in the vocabulary of the simulator's truth events. */
  private static final Map<String, String> RHYTHMS = Map.ofEntries(
      Map.entry("N", "SINUS"), Map.entry("SBR", "SINUS_BRADYCARDIA"), Map.entry("AFIB", "ATRIAL_FIBRILLATION"),
      Map.entry("AFL", "ATRIAL_FLUTTER"), Map.entry("VT", "VENTRICULAR_TACHYCARDIA"), Map.entry("VFL", "VENTRICULAR_FLUTTER"),
      Map.entry("B", "VENTRICULAR_BIGEMINY"), Map.entry("T", "VENTRICULAR_TRIGEMINY"), Map.entry("AB", "ATRIAL_BIGEMINY"),
      Map.entry("BII", "SECOND_DEGREE_AV_BLOCK"), Map.entry("IVR", "IDIOVENTRICULAR_RHYTHM"), Map.entry("NOD", "NODAL_RHYTHM"),
      Map.entry("P", "PACED_RHYTHM"), Map.entry("PREX", "PRE_EXCITATION"), Map.entry("SVTA", "SUPRAVENTRICULAR_TACHYARRHYTHMIA"));

  /** CinC 2017 labels: normal, AF, other rhythm, too noisy to classify. */
  private static final Map<String, String> CINC_2017_LABELS = Map.of(
      "N", "SINUS", "A", "ATRIAL_FIBRILLATION", "O", "OTHER_RHYTHM", "~", "NOISY_RECORDING");

  private final long[] beatSamples;
  private final BeatClass[] beatClasses;
  private final List<Event> events;
  private final boolean known;

  private RecordTruth(long[] beatSamples, BeatClass[] beatClasses, List<Event> events, boolean known) {
    this.beatSamples = beatSamples;
    this.beatClasses = beatClasses;
    this.events = List.copyOf(events);
    this.known = known;
  }

  /** Challenge 2015: every record's alarm goes off 5 minutes into it. */
  static final int CHALLENGE_2015_ALARM_SECONDS = 300;

  /**
   * The truth of {@code record} (named {@code name} in {@code dir}): {@code name.atr} when present, else its
   * label in {@code dir/REFERENCE.csv}, else its PTB-XL SCP statements, else a Challenge 2015 alarm in its header comments, else
   * {@link #NONE}. A corrupt annotation or label file fails naming the file.
   */
  public static RecordTruth load(Path dir, String name, org.ecgstream.core.wfdb.WfdbRecord record) throws WfdbFormatException {
    int recordLength = record.length();
    if (Files.isRegularFile(dir.resolve(name + ".atr"))) {
      return fromAnnotations(AnnotationReader.read(dir, name, "atr"), recordLength, name + ".atr");
    }
    Path reference = dir.resolve("REFERENCE.csv");
    if (Files.isRegularFile(reference)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(reference, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new WfdbFormatException(reference + ": cannot read labels: " + e.getMessage(), e);
      }
      for (String line : lines) {
        String[] cells = line.strip().split(",");
        if (cells.length == 2 && cells[0].strip().equals(name)) {
          String label = cells[1].strip();
          String kind = CINC_2017_LABELS.get(label);
          if (kind == null) {
            throw new WfdbFormatException(reference + ": record " + name + " has label '" + label
                + "', expected N, A, O or ~ (CinC 2017)");
          }
          return new RecordTruth(new long[0], new BeatClass[0],
              List.of(new Event(kind, "label " + label + " in REFERENCE.csv", 0, recordLength)), true);
        }
      }
    }
    RecordTruth ptbXl = ptbXlStatements(dir, name, recordLength);
    if (ptbXl != null) {
      return ptbXl;
    }
    List<String> comments = record.header().comments();
    long alarmSample = Math.round(CHALLENGE_2015_ALARM_SECONDS * record.samplingFrequencyHz());
    if (comments.size() >= 2 && comments.get(1).matches("(?i)(true|false) alarm") && alarmSample < recordLength) {
      String kind = comments.get(1).toUpperCase(java.util.Locale.ROOT).replace(' ', '_');
      return new RecordTruth(new long[0], new BeatClass[0],
          List.of(new Event(kind, comments.get(0) + " alarm (Challenge 2015 header)", alarmSample, recordLength)), true);
    }
    return NONE;
  }

  /**
   * PTB-XL: the record's SCP statements ({@code scp_codes} of {@code ptbxl_database.csv}, two folders
   * up from {@code records100/00000/}), each an event {@code SCP_<code>} over the whole record with the
   * cardiologists' likelihood in its detail; null when {@code dir} is not in a PTB-XL folder or the
   * table does not list the record.
   */
  static RecordTruth ptbXlStatements(Path dir, String name, int recordLength) throws WfdbFormatException {
    Path root = dir.toAbsolutePath().getParent() == null ? null : dir.toAbsolutePath().getParent().getParent();
    Path table = root == null ? null : root.resolve("ptbxl_database.csv");
    if (table == null || !Files.isRegularFile(table)) {
      return null;
    }
    List<List<String>> rows;
    try (var reader = Files.newBufferedReader(table, StandardCharsets.UTF_8)) {
      rows = org.ecgstream.core.text.CsvRows.parse(reader);
    } catch (IOException e) {
      throw new WfdbFormatException(table + ": cannot read the PTB-XL table: " + e.getMessage(), e);
    }
    List<String> header = rows.get(0);
    int codes = header.indexOf("scp_codes");
    int lr = header.indexOf("filename_lr");
    int hr = header.indexOf("filename_hr");
    if (codes < 0 || lr < 0 || hr < 0) {
      throw new WfdbFormatException(table + ": no scp_codes, filename_lr and filename_hr columns (PTB-XL layout expected)");
    }
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() <= Math.max(codes, Math.max(lr, hr))) {
        continue;
      }
      if (!row.get(lr).endsWith("/" + name) && !row.get(hr).endsWith("/" + name)) {
        continue;
      }
      Map<String, Double> statements;
      try {
        statements = ScpCodes.parse(row.get(codes));
      } catch (IllegalArgumentException e) {
        throw new WfdbFormatException(table + ": record " + name + ": " + e.getMessage(), e);
      }
      List<Event> events = new ArrayList<>();
      statements.forEach((code, likelihood) -> events.add(
          new Event("SCP_" + code, "likelihood " + likelihood + " in ptbxl_database.csv", 0, recordLength)));
      if (events.isEmpty()) {
        throw new WfdbFormatException(table + ": record " + name + " has no SCP statements in '" + row.get(codes) + "'");
      }
      return new RecordTruth(new long[0], new BeatClass[0], List.copyOf(events), true);
    }
    return null;
  }

  /** Beats and rhythm events from reference annotations ({@code source} names them in event details). */
  public static RecordTruth fromAnnotations(List<Annotation> annotations, int recordLength, String source) {
    List<Annotation> beats = annotations.stream().filter(Annotation::isBeat).toList();
    long[] samples = beats.stream().mapToLong(Annotation::sample).toArray();
    BeatClass[] classes = beats.stream().map(a -> beatClass(a.mnemonic())).toArray(BeatClass[]::new);
    List<Event> events = new ArrayList<>();
    String rhythm = null;
    String rhythmDetail = null;
    long rhythmOnset = 0;
    long flutterOnset = -1;
    for (Annotation a : annotations) {
      if (a.rhythm() != null) {
        if (rhythm != null && a.sample() > rhythmOnset) {
          events.add(new Event(rhythm, rhythmDetail, rhythmOnset, a.sample()));
        }
        rhythm = RHYTHMS.getOrDefault(a.rhythm(), "RHYTHM_" + a.rhythm());
        rhythmDetail = "(" + a.rhythm() + " in " + source;
        rhythmOnset = a.sample();
      } else if ("[".equals(a.mnemonic())) {
        flutterOnset = a.sample();
      } else if ("]".equals(a.mnemonic()) && flutterOnset >= 0) {
        events.add(new Event("VENTRICULAR_FLUTTER_OR_FIBRILLATION", "[ ] in " + source, flutterOnset, a.sample()));
        flutterOnset = -1;
      }
    }
    if (rhythm != null) {
      events.add(new Event(rhythm, rhythmDetail, rhythmOnset, recordLength));
    }
    if (flutterOnset >= 0) {
      events.add(new Event("VENTRICULAR_FLUTTER_OR_FIBRILLATION", "[ in " + source, flutterOnset, recordLength));
    }
    events.sort(java.util.Comparator.comparingLong(Event::onsetSample));
    return new RecordTruth(samples, classes, events, true);
  }

  /** True when the record has annotations or a label (otherwise there is no truth to publish). */
  public boolean known() {
    return known;
  }

  /** Annotated beats of the record. */
  public int beatCount() {
    return beatSamples.length;
  }

  public List<Event> events() {
    return events;
  }

  /**
   * The truth of one replayed frame holding record samples [from, to) of a pass that began at running
   * sample {@code passStartSample}: beats whose R peak lies in the frame and events whose onset does,
   * on the running sample count and the device clock ({@code startMillis} at running sample 0).
   */
  public EcgTruth truthFor(String deviceId, String patientId, long frameSeq, long passStartSample, int from, int to,
      double sampleRateHz, long startMillis) {
    List<BeatAnnotation> beats = new ArrayList<>();
    int i = lowerBound(beatSamples, from);
    for (; i < beatSamples.length && beatSamples[i] < to; i++) {
      beats.add(new BeatAnnotation(passStartSample + beatSamples[i], beatClasses[i]));
    }
    List<TruthEvent> frameEvents = new ArrayList<>();
    for (Event e : events) {
      if (e.onsetSample() >= from && e.onsetSample() < to) {
        long onset = passStartSample + e.onsetSample();
        long offset = passStartSample + e.offsetSample();
        frameEvents.add(TruthEvent.newBuilder().setKind(e.kind()).setDetail(e.detail())
            .setOnsetSample(onset).setOffsetSample(offset)
            .setOnsetMillis(millis(startMillis, onset, sampleRateHz)).setOffsetMillis(millis(startMillis, offset, sampleRateHz))
            .build());
      }
    }
    return EcgTruth.newBuilder().setDeviceId(deviceId).setPatientId(patientId).setFrameSeq(frameSeq)
        .setFrameStartSample(passStartSample + from).setSampleRateHz((int) Math.round(sampleRateHz))
        .setBeats(beats).setEvents(frameEvents).build();
  }

  static long millis(long startMillis, long sample, double sampleRateHz) {
    return startMillis + Math.round(sample * 1000.0 / sampleRateHz);
  }

  /** MIT-BIH beat symbols to the beat classes the simulators use; other beats (F, /, Q, ...) are UNKNOWN. */
  static BeatClass beatClass(String mnemonic) {
    return switch (mnemonic) {
      case "N" -> BeatClass.NORMAL;
      case "L" -> BeatClass.LEFT_BUNDLE_BRANCH_BLOCK;
      case "R" -> BeatClass.RIGHT_BUNDLE_BRANCH_BLOCK;
      case "A" -> BeatClass.ATRIAL_PREMATURE;
      case "V" -> BeatClass.VENTRICULAR;
      case "j" -> BeatClass.JUNCTIONAL_ESCAPE;
      case "E" -> BeatClass.VENTRICULAR_ESCAPE;
      default -> BeatClass.UNKNOWN;
    };
  }

  private static int lowerBound(long[] sorted, long key) {
    int i = Arrays.binarySearch(sorted, key);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == key) {
      i--;
    }
    return i;
  }
}
