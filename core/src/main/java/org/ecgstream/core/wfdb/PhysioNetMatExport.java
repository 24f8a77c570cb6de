package org.ecgstream.core.wfdb;

import java.nio.file.Path;
import java.util.List;

/**
 * Single-signal {@code .mat} exports as shipped for the CU Ventricular Tachyarrhythmia Database
 * ({@code cudb/mat/cuNNm.mat}): a 192-byte header, then little-endian int16 samples, -32768 marking
 * invalid samples (lead-off, gaps). They come without a {@code .hea}; the caller states rate and
 * gain, and the file is read as WFDB format 16 at byte offset 192.
 */
public final class PhysioNetMatExport {

  /** Bytes before the first sample. */
  public static final int HEADER_BYTES = 192;

  private PhysioNetMatExport() {}

  /** Reads one export; the record's length is whatever the file holds. */
  public static WfdbRecord read(Path matFile, double samplingFrequencyHz, double gainPerMv, String signalName)
      throws WfdbFormatException {
    String file = matFile.getFileName().toString();
    String name = file.endsWith(".mat") ? file.substring(0, file.length() - 4) : file;
    SignalSpec spec = new SignalSpec(file, 16, HEADER_BYTES, gainPerMv, 0, "mV", 16, 0, null, null, signalName);
    WfdbHeader header = new WfdbHeader(name, samplingFrequencyHz, 0, null, List.of(spec), List.of());
    Path dir = matFile.toAbsolutePath().getParent();
    return WfdbRecord.read(dir, header);
  }
}
