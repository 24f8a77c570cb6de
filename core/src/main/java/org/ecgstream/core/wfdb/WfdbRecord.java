package org.ecgstream.core.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WFDB record read whole into memory: its header and every signal as ADC values. Supports
 * storage formats 16, 212 and 80, several signals interleaved in one file, and byte offsets.
 * Samples carrying the format's invalid-sample marker (for example -32768 in format 16) read as
 * NaN in physical units and are counted, so callers can raise a technical alarm instead of a
 * clinical one.
 */
public final class WfdbRecord {

  private final WfdbHeader header;
  private final int[][] adc;

  private WfdbRecord(WfdbHeader header, int[][] adc) {
    this.header = header;
    this.adc = adc;
  }

  /** Reads {@code dir/name.hea} and the signal files it names. */
  public static WfdbRecord read(Path dir, String name) throws WfdbFormatException {
    return read(dir, WfdbHeader.read(dir.resolve(name + ".hea")));
  }

  /** Reads the signal files {@code header} names, relative to {@code dir}. */
  public static WfdbRecord read(Path dir, WfdbHeader header) throws WfdbFormatException {
    int signals = header.signals().size();
    int[][] adc = new int[signals][];
    Map<String, List<Integer>> byFile = new LinkedHashMap<>();
    for (int i = 0; i < signals; i++) {
      byFile.computeIfAbsent(header.signals().get(i).fileName(), f -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> file : byFile.entrySet()) {
      readSignalFile(dir.resolve(file.getKey()), header, file.getValue(), adc);
    }
    return new WfdbRecord(header, adc);
  }

  public WfdbHeader header() {
    return header;
  }

  public int signalCount() {
    return adc.length;
  }

  /** Samples per signal. */
  public int length() {
    return adc.length == 0 ? 0 : adc[0].length;
  }

  public double samplingFrequencyHz() {
    return header.samplingFrequencyHz();
  }

  /** The signal's name as the header gives it (usually the lead: "MLII", "V5", "II"). */
  public String signalName(int signal) {
    return header.signals().get(signal).description();
  }

  /** Index of the first signal with this name, or -1. */
  public int signalIndex(String name) {
    for (int i = 0; i < adc.length; i++) {
      if (signalName(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The raw ADC values of one signal (not a copy: do not modify). */
  public int[] adc(int signal) {
    return adc[signal];
  }

  /** One signal in physical units (usually mV); invalid samples are NaN. */
  public float[] physical(int signal) {
    SignalSpec spec = header.signals().get(signal);
    int invalid = spec.invalidSampleMarker();
    int[] values = adc[signal];
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == invalid ? Float.NaN : (float) ((values[i] - spec.baseline()) / spec.gain());
    }
    return out;
  }

  /** How many samples of the signal carry the invalid-sample marker. */
  public int invalidSampleCount(int signal) {
    int invalid = header.signals().get(signal).invalidSampleMarker();
    int count = 0;
    for (int v : adc[signal]) {
      if (v == invalid) {
        count++;
      }
    }
    return count;
  }

  private static void readSignalFile(Path file, WfdbHeader header, List<Integer> signals, int[][] adc) throws WfdbFormatException {
    SignalSpec first = header.signals().get(signals.get(0));
    for (int s : signals) {
      SignalSpec spec = header.signals().get(s);
      if (spec.format() != first.format() || spec.byteOffset() != first.byteOffset()) {
        throw new WfdbFormatException(file + ": signals in one file must share format and offset (" + first.description()
            + " is " + first.format() + "+" + first.byteOffset() + ", " + spec.description() + " is " + spec.format() + "+" + spec.byteOffset() + ")");
      }
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new WfdbFormatException(file + ": signal file named in the header is missing", e);
    } catch (IOException e) {
      throw new WfdbFormatException(file + ": cannot read signal file: " + e.getMessage(), e);
    }
    if (bytes.length < first.byteOffset()) {
      throw new WfdbFormatException(file + ": file is shorter (" + bytes.length + " bytes) than its byte offset " + first.byteOffset());
    }
    int width = signals.size();
    long available = availableSamples(first.format(), bytes.length - first.byteOffset(), file) / width;
    long wanted = header.samplesPerSignal() > 0 ? header.samplesPerSignal() : available;
    if (available < wanted) {
      throw new WfdbFormatException(file + ": holds " + available + " samples per signal but the header says "
          + wanted + " (file truncated?)");
    }
    if (wanted > Integer.MAX_VALUE / width) {
      throw new WfdbFormatException(file + ": " + wanted + " samples per signal is too long to read into memory");
    }
    int n = (int) wanted;
    int[] interleaved = decode(first.format(), bytes, (int) first.byteOffset(), n * width);
    for (int k = 0; k < width; k++) {
      int[] values = new int[n];
      for (int i = 0; i < n; i++) {
        values[i] = interleaved[i * width + k];
      }
      adc[signals.get(k)] = values;
    }
  }

  private static long availableSamples(int format, long bytes, Path file) throws WfdbFormatException {
    return switch (format) {
      case 16 -> bytes / 2;
      case 212 -> bytes * 2 / 3;
      case 80 -> bytes;
      default -> throw new WfdbFormatException(file + ": storage format " + format + " is not supported (16, 212 and 80 are)");
    };
  }

  private static int[] decode(int format, byte[] b, int offset, int count) {
    int[] out = new int[count];
    switch (format) {
      case 16 -> {
        for (int i = 0; i < count; i++) {
          int p = offset + 2 * i;
          out[i] = (short) ((b[p] & 0xFF) | (b[p + 1] << 8));
        }
      }
      case 212 -> {
        // Two 12-bit samples in three bytes: low 8 bits of the first, then the high nibbles of
        // both (first in the low half), then the low 8 bits of the second.
        for (int i = 0; i < count; i++) {
          int p = offset + (i / 2) * 3;
          int v = (i % 2 == 0)
              ? (b[p] & 0xFF) | ((b[p + 1] & 0x0F) << 8)
              : (b[p + 2] & 0xFF) | ((b[p + 1] & 0xF0) << 4);
          out[i] = (v << 20) >> 20; // sign-extend 12 bits
        }
      }
      default -> {
        for (int i = 0; i < count; i++) {
          out[i] = (b[offset + i] & 0xFF) - 128;
        }
      }
    }
    return out;
  }
}
