package org.ecgstream.core.signal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The wire form of one lead's samples in an EcgFrame: 16-bit signed little-endian integers.
 *
 * <p>Physical value in millivolts is {@code (adc - baselineAdc) / gainPerMv}. {@link #INVALID}
 * (-32768) marks a sample the device could not measure (lead off, gap), as WFDB format 16 does; it
 * reads as NaN.
 */
public final class Int16Samples {

  /** The wire value of an invalid sample. */
  public static final short INVALID = Short.MIN_VALUE;

  private Int16Samples() {}

  /** Packs ADC values into a little-endian buffer ready for an EcgFrame. */
  public static ByteBuffer pack(short[] adc) {
    ByteBuffer buffer = ByteBuffer.allocate(adc.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asShortBuffer().put(adc);
    return buffer;
  }

  /** Number of samples in a packed lead. */
  public static int count(ByteBuffer packed) {
    return packed.remaining() / 2;
  }

  /** Reads packed samples as ADC values without moving the buffer's position. */
  public static short[] unpack(ByteBuffer packed) {
    short[] adc = new short[count(packed)];
    packed.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(adc);
    return adc;
  }

  /** Reads packed samples as millivolts without moving the buffer's position. */
  public static float[] toMillivolts(ByteBuffer packed, float gainPerMv, int baselineAdc) {
    checkGain(gainPerMv);
    ByteBuffer view = packed.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int n = count(packed);
    float[] mv = new float[n];
    int base = view.position();
    for (int i = 0; i < n; i++) {
      mv[i] = toMillivolts(view.getShort(base + 2 * i), gainPerMv, baselineAdc);
    }
    return mv;
  }

  /** ADC values as millivolts, exactly as {@link #toMillivolts(ByteBuffer, float, int)} reads them. */
  public static float[] toMillivolts(short[] adc, float gainPerMv, int baselineAdc) {
    checkGain(gainPerMv);
    float[] mv = new float[adc.length];
    for (int i = 0; i < adc.length; i++) {
      mv[i] = toMillivolts(adc[i], gainPerMv, baselineAdc);
    }
    return mv;
  }

  private static float toMillivolts(short adc, float gainPerMv, int baselineAdc) {
    return adc == INVALID ? Float.NaN : (adc - baselineAdc) / gainPerMv;
  }

  private static void checkGain(float gainPerMv) {
    if (!(gainPerMv > 0) || Float.isInfinite(gainPerMv)) {
      throw new IllegalArgumentException("gain must be a positive number of ADC units per mV, got " + gainPerMv);
    }
  }
}
