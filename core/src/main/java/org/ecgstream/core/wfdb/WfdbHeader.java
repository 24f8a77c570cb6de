package org.ecgstream.core.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed WFDB header ({@code .hea}): the record line, one {@link SignalSpec} per signal, and the
 * comment lines (Challenge 2015 headers carry the alarm and its truth there). Accepts CRLF line
 * ends, blank lines and comments anywhere, as PhysioNet ships them.
 *
 * @param recordName record name from the record line
 * @param samplingFrequencyHz samples per second per signal (WFDB default 250)
 * @param samplesPerSignal samples per signal, 0 when the header does not say
 * @param baseTime base time and date as written, or null
 */
public record WfdbHeader(
    String recordName, double samplingFrequencyHz, long samplesPerSignal, String baseTime, List<SignalSpec> signals, List<String> comments) {

  private static final double DEFAULT_FREQUENCY = 250;
  /** {@code format[xsamp][:skew][+offset]}. */
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(?:x\\d+)?(?::\\d+)?(?:\\+(\\d+))?");
  /** {@code gain[(baseline)][/units]}. */
  private static final Pattern GAIN = Pattern.compile("([-+0-9.eE]+)(?:\\((-?\\d+)\\))?(?:/(\\S+))?");

  public WfdbHeader {
    signals = List.copyOf(signals);
    comments = List.copyOf(comments);
  }

  /** Reads and parses {@code record.hea}. */
  public static WfdbHeader read(Path headerFile) throws WfdbFormatException {
    String text;
    try {
      text = Files.readString(headerFile, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new WfdbFormatException(headerFile + ": header file not found", e);
    } catch (IOException e) {
      throw new WfdbFormatException(headerFile + ": cannot read header: " + e.getMessage(), e);
    }
    return parse(text, headerFile.toString());
  }

  /** Parses header text; {@code source} names it in error messages. */
  public static WfdbHeader parse(String text, String source) throws WfdbFormatException {
    List<String> comments = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (String raw : text.split("\r?\n|\r")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        comments.add(line.substring(1).strip());
      } else {
        lines.add(line);
      }
    }
    if (lines.isEmpty()) {
      throw new WfdbFormatException(source + ": no record line (the header is empty or only comments)");
    }
    String[] record = lines.get(0).split("\\s+");
    if (record.length < 2) {
      throw new WfdbFormatException(source + ": record line '" + lines.get(0) + "' needs at least a name and a signal count");
    }
    if (record[0].contains("/")) {
      throw new WfdbFormatException(source + ": multi-segment records (" + record[0] + ") are not supported");
    }
    int signalCount = parseInt(record[1], "signal count", source);
    double frequency = record.length > 2 ? parseFrequency(record[2], source) : DEFAULT_FREQUENCY;
    long samples = record.length > 3 ? parseLong(record[3], "sample count", source) : 0;
    String baseTime = record.length > 4 ? String.join(" ", List.of(record).subList(4, record.length)) : null;

    if (lines.size() - 1 < signalCount) {
      throw new WfdbFormatException(source + ": record line declares " + signalCount + " signals but " + (lines.size() - 1) + " signal lines follow");
    }
    List<SignalSpec> signals = new ArrayList<>(signalCount);
    for (int i = 0; i < signalCount; i++) {
      signals.add(parseSignal(lines.get(i + 1), source));
    }
    return new WfdbHeader(record[0], frequency, samples, baseTime, signals, comments);
  }

  private static SignalSpec parseSignal(String line, String source) throws WfdbFormatException {
    String[] f = line.split("\\s+", 9);
    if (f.length < 2) {
      throw new WfdbFormatException(source + ": signal line '" + line + "' needs at least a file name and a format");
    }
    Matcher format = FORMAT.matcher(f[1]);
    if (!format.matches()) {
      throw new WfdbFormatException(source + ": signal format '" + f[1] + "' is not of the form FORMAT[+OFFSET]");
    }
    int storage = Integer.parseInt(format.group(1));
    long offset = format.group(2) == null ? 0 : Long.parseLong(format.group(2));

    double gain = SignalSpec.DEFAULT_GAIN;
    Integer baseline = null;
    String units = "mV";
    if (f.length > 2) {
      Matcher g = GAIN.matcher(f[2]);
      if (!g.matches()) {
        throw new WfdbFormatException(source + ": gain '" + f[2] + "' is not of the form GAIN[(BASELINE)][/UNITS]");
      }
      double parsed = parseDouble(g.group(1), "gain", source);
      gain = parsed == 0 ? SignalSpec.DEFAULT_GAIN : parsed;
      baseline = g.group(2) == null ? null : Integer.valueOf(g.group(2));
      units = g.group(3) == null ? units : g.group(3);
    }
    int adcResolution = f.length > 3 ? parseInt(f[3], "ADC resolution", source) : (storage == 212 ? 12 : storage == 80 ? 8 : 16);
    int adcZero = f.length > 4 ? parseInt(f[4], "ADC zero", source) : 0;
    Integer initial = f.length > 5 ? parseInt(f[5], "initial value", source) : null;
    Integer checksum = f.length > 6 ? parseInt(f[6], "checksum", source) : null;
    // f[7] is the block size; the rest of the line is the description.
    String description = f.length > 8 ? f[8].strip() : "";
    return new SignalSpec(f[0], storage, offset, gain, baseline == null ? adcZero : baseline, units,
        adcResolution, adcZero, initial, checksum, description);
  }

  private static double parseFrequency(String field, String source) throws WfdbFormatException {
    // fs[/counterfreq[(basecounter)]]
    String fs = field.split("/", 2)[0];
    double value = parseDouble(fs, "sampling frequency", source);
    if (!(value > 0)) {
      throw new WfdbFormatException(source + ": sampling frequency must be positive, got " + field);
    }
    return value;
  }

  private static int parseInt(String field, String what, String source) throws WfdbFormatException {
    try {
      return Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new WfdbFormatException(source + ": " + what + " '" + field + "' is not an integer", e);
    }
  }

  private static long parseLong(String field, String what, String source) throws WfdbFormatException {
    try {
      return Long.parseLong(field);
    } catch (NumberFormatException e) {
      throw new WfdbFormatException(source + ": " + what + " '" + field + "' is not an integer", e);
    }
  }

  private static double parseDouble(String field, String what, String source) throws WfdbFormatException {
    try {
      return Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw new WfdbFormatException(source + ": " + what + " '" + field + "' is not a number", e);
    }
  }
}
