package org.ecgstream.ingest.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One lead's samples as the frame carries them (16-bit little-endian, {@code Int16Samples}' wire
 * form), read and written where they lie: in the decoded frame's byte array, not a {@code short[]}
 * copy of it. Copies in and out of {@code short[]} were most of what validation and normalisation
 * allocated per frame, and reading through {@code ByteBuffer} views per sample cost more than the
 * arithmetic.
 */
public final class PackedLead {

  private static final VarHandle INT16_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  private final int offset;
  private final int count;

  private PackedLead(byte[] bytes, int offset, int count) {
    this.bytes = bytes;
    this.offset = offset;
    this.count = count;
  }

  /**
   * The samples of {@code packed} from its position (not moved); in place when the buffer has an
   * array (what the Avro decoder gives), else copied once. A trailing odd byte is not a sample.
   */
  public static PackedLead of(ByteBuffer packed) {
    int count = packed.remaining() / 2;
    if (packed.hasArray()) {
      return new PackedLead(packed.array(), packed.arrayOffset() + packed.position(), count);
    }
    byte[] copy = new byte[packed.remaining()];
    packed.duplicate().get(copy);
    return new PackedLead(copy, 0, count);
  }

  /** Number of samples. */
  public int count() {
    return count;
  }

  /** Sample {@code i} (0-based), as the ADC gave it. */
  public short get(int i) {
    return (short) INT16_LE.get(bytes, offset + 2 * i);
  }

  /** Writes {@code value} as sample {@code i} of a packed lead held in {@code target} from {@code offset}. */
  public static void put(byte[] target, int offset, int i, short value) {
    INT16_LE.set(target, offset + 2 * i, value);
  }

  /** {@code bytes} (samples written by {@link #put} from 0) as a buffer like {@code Int16Samples.pack} gives. */
  public static ByteBuffer wrap(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }
}
