package org.ecgstream.core.wfdb;

/**
 * One signal line of a WFDB header (PhysioNet, "header(5)").
 *
 * @param fileName signal file holding this signal
 * @param format storage format: 16, 212 or 80
 * @param byteOffset bytes to skip at the start of the file (the {@code +24} of {@code 16+24})
 * @param gain ADC units per physical unit; WFDB's default 200 when the header gives none or 0
 * @param baseline ADC value of physical zero (defaults to adcZero)
 * @param units physical units, "mV" unless stated
 * @param adcResolution bits
 * @param adcZero ADC value in the middle of the range
 * @param initialValue first sample's value, for checking
 * @param checksum 16-bit sum of all samples, for checking
 * @param description signal name, usually the lead ("MLII", "V5", "II")
 */
public record SignalSpec(
    String fileName,
    int format,
    long byteOffset,
    double gain,
    int baseline,
    String units,
    int adcResolution,
    int adcZero,
    Integer initialValue,
    Integer checksum,
    String description) {

  /** The value WFDB uses when a header gives no gain (or gain 0, "uncalibrated"). */
  public static final double DEFAULT_GAIN = 200;

  /** The ADC value that marks a missing or invalid sample in this signal's format. */
  public int invalidSampleMarker() {
    return switch (format) {
      case 212 -> -2048;
      case 80 -> -128;
      default -> -32768;
    };
  }
}
