package org.ecgstream.ingest.normalise;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.ecgstream.ingest.frame.EcgFrameLayout;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;

/**
 * Writes the canonical frame as ecg.frames carries it, Avro single-object encoding of the current
 * {@link EcgFrame} schema (marker {@code C3 01}, CRC-64-AVRO fingerprint, binary body), straight
 * from the device frame's fields and the normalised samples: no canonical {@code EcgFrame}, no
 * per-lead arrays, no pass of Avro's generic writer over them (which cost more than the
 * normalisation itself in the stream threads' profile). Its bytes are Avro's own, checked frame by
 * frame in BytesInPlaceIdentityTest, and the field layout it writes is checked against the schema
 * when the class loads ({@link EcgFrameLayout}), so a schema change fails at start-up rather than writing wrong bytes.
 *
 * <p>One per stream task: it reuses its buffer, so it is not thread-safe.
 */
public final class CanonicalFrameEncoder {

  private static final byte[] HEADER = header(EcgFrame.getClassSchema());
  /** Avro's index of each Lead symbol, by the Java enum's ordinal. */
  private static final int[] LEAD_INDEX = leadIndexes(EcgFrame.getClassSchema());

  private byte[] buffer = new byte[4096];
  private int position;
  private boolean[] saturated = new boolean[12];
  private boolean[] leadOff = new boolean[12];
  private boolean[] flat = new boolean[12];

  /** An encoder for one stream task (or thread). */
  public CanonicalFrameEncoder() {}

  static {
    if (!EcgFrameLayout.isCurrent(EcgFrame.getClassSchema())) {
      throw new IllegalStateException("EcgFrame schema no longer has the layout CanonicalFrameEncoder writes ("
          + EcgFrameLayout.of(EcgFrame.getClassSchema()) + "; expected " + EcgFrameLayout.EXPECTED
          + "): update CanonicalFrameEncoder to the new schema");
    }
  }

  /** Starts a frame: header and the fields before the samples, then the sample array's block count. */
  void begin(EcgFrame device, int leads) {
    if (saturated.length < leads) {
      saturated = new boolean[leads];
      leadOff = new boolean[leads];
      flat = new boolean[leads];
    }
    position = 0;
    ensure(HEADER.length + 64);
    System.arraycopy(HEADER, 0, buffer, 0, HEADER.length);
    position = HEADER.length;
    writeString(device.getDeviceId());
    writeLong(device.getSeq());
    writeLong(device.getDeviceTimeMillis());
    writeLong(device.getSampleRateHz());
    writeFloat(CanonicalScale.UNITS_PER_MV);
    writeLong(0); // baselineAdc
    List<Lead> leadList = device.getLeads();
    writeArrayStart(leadList.size());
    for (Lead lead : leadList) {
      writeLong(LEAD_INDEX[lead.ordinal()]);
    }
    writeArrayEnd(leadList.size());
    writeArrayStart(leads); // samples
  }

  /** Room for one lead of {@code bytes} sample bytes, after its length: returns where they go in {@link #buffer()}. */
  int sampleBytes(int bytes) {
    ensure(bytes + 10);
    writeLong(bytes);
    int at = position;
    position += bytes;
    return at;
  }

  /** The buffer the samples are written into (valid until the next {@link #sampleBytes}). */
  byte[] buffer() {
    return buffer;
  }

  /** The quality flags of lead {@code l}. */
  void leadQuality(int l, boolean isSaturated, boolean isLeadOff, boolean isFlat) {
    saturated[l] = isSaturated;
    leadOff[l] = isLeadOff;
    flat[l] = isFlat;
  }

  /** The fields after the samples; the finished record, exactly sized. */
  byte[] finish(EcgFrame device, int leads, long gapBeforeMillis, long clockDriftMillis) {
    writeArrayEnd(leads); // samples
    List<Boolean> deviceLeadOff = device.getLeadOff();
    writeArrayStart(deviceLeadOff.size());
    ensure(deviceLeadOff.size());
    for (Boolean flag : deviceLeadOff) {
      buffer[position++] = (byte) (flag ? 1 : 0);
    }
    writeArrayEnd(deviceLeadOff.size());
    writeOptionalString(device.getPatientId());
    writeOptionalString(device.getBedId());
    writeLong(1); // quality: the FrameQuality branch
    writeBooleans(leadOff, leads);
    writeBooleans(saturated, leads);
    writeBooleans(flat, leads);
    writeLong(gapBeforeMillis);
    writeLong(clockDriftMillis);
    return Arrays.copyOf(buffer, position);
  }

  private void writeBooleans(boolean[] flags, int n) {
    writeArrayStart(n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      buffer[position++] = (byte) (flags[i] ? 1 : 0);
    }
    writeArrayEnd(n);
  }

  /** Avro writes an array's item count before its items only when there are any, and 0 after them. */
  private void writeArrayStart(int items) {
    if (items > 0) {
      writeLong(items);
    }
  }

  private void writeArrayEnd(int items) {
    writeLong(0);
  }

  private void writeOptionalString(CharSequence s) {
    if (s == null) {
      writeLong(0);
    } else {
      writeLong(1);
      writeString(s);
    }
  }

  private void writeString(CharSequence s) {
    byte[] utf8 = s.toString().getBytes(StandardCharsets.UTF_8);
    writeLong(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buffer, position, utf8.length);
    position += utf8.length;
  }

  private void writeFloat(float f) {
    ensure(4);
    int bits = Float.floatToRawIntBits(f);
    buffer[position++] = (byte) bits;
    buffer[position++] = (byte) (bits >>> 8);
    buffer[position++] = (byte) (bits >>> 16);
    buffer[position++] = (byte) (bits >>> 24);
  }

  /** Avro's int and long: zig-zag, then 7 bits a byte, lowest first. */
  private void writeLong(long n) {
    ensure(10);
    long z = (n << 1) ^ (n >> 63);
    while ((z & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    buffer[position++] = (byte) z;
  }

  private void ensure(int more) {
    if (position + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
    }
  }

  private static byte[] header(Schema schema) {
    return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
        .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
  }

  private static int[] leadIndexes(Schema schema) {
    Schema lead = schema.getField("leads").schema().getElementType();
    int[] index = new int[Lead.values().length];
    for (Lead l : Lead.values()) {
      index[l.ordinal()] = lead.getEnumOrdinal(l.name());
    }
    return index;
  }
}
