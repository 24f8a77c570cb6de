package org.ecgstream.ingest.normalise;

/**
 * The sample scale of frames on ecg.frames: 1000 units per mV (1 unit = 1 microvolt), baseline 0,
 * so int16 covers +/-32.767 mV, beyond any surface ECG. {@code Int16Samples.INVALID} keeps its
 * meaning (a sample the device could not measure).
 */
public final class CanonicalScale {

  /** Units per millivolt on ecg.frames. */
  public static final float UNITS_PER_MV = 1000f;
  /** Largest magnitude a canonical sample holds, in microvolts. */
  public static final int MAX_ABS_MICROVOLTS = Short.MAX_VALUE;

  private CanonicalScale() {}

  /** Whether a raw ADC value is at the converter's limit (the device saturated). */
  public static boolean atRail(short adc) {
    return adc == Short.MAX_VALUE || adc == Short.MIN_VALUE + 1;
  }
}
