package org.ecgstream.ingest.frame;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SystemLimitException;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.AvroSingleObjectSerde;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/**
 * Decodes what a device sent. A record written with the current {@link EcgFrame} schema is read
 * straight from its bytes, each lead's samples a view of them rather than a copy (Avro's decoder
 * copied every lead into a new buffer: the largest allocation of ingest's own per frame). Anything
 * else (an older writer schema, an array in several blocks or with byte counts, any malformed or
 * truncated input) goes to Avro's decoder ({@code EcgSerdes.frames()}), which decodes it or throws
 * the {@link RecordDecodingException} that becomes the dead letter. The direct reader follows
 * Avro's {@code DirectBinaryDecoder} number by number (varint limits, booleans as byte == 1), so it
 * gives what Avro gives or leaves the record to Avro; DeviceFrameDecoderTest compares the two.
 *
 * <p>The samples share the record's array: the raw bytes must not be changed afterwards (ingest
 * never does; they are the dead letter's "original bytes").
 */
public final class DeviceFrameDecoder {

  private static final AvroSingleObjectSerde<EcgFrame> AVRO = EcgSerdes.frames(); // installs AvroSafety's limits first
  private static final Schema SCHEMA = EcgFrame.getClassSchema();
  private static final long CURRENT_FINGERPRINT = SchemaNormalization.parsingFingerprint64(SCHEMA);
  private static final Lead[] LEAD_BY_INDEX = leadsByIndex(SCHEMA);
  /**
   * Records this long or longer go to Avro, so that no length or item count in a record read here
   * can reach Avro's limits (AvroSafety's smallest is 1,000,000 items; operators' are checked).
   */
  private static final int MAX_DIRECT_BYTES = 1_000_000;
  private static final boolean DIRECT = EcgFrameLayout.isCurrent(SCHEMA) && limitsAtLeast(MAX_DIRECT_BYTES);

  private DeviceFrameDecoder() {}

  /** Whether records are read directly at all in this JVM (the schema's layout and Avro's limits allow it). */
  static boolean readsDirectly() {
    return DIRECT;
  }

  /** The frame in {@code bytes}; throws {@link RecordDecodingException} (from Avro) when there is none. */
  public static EcgFrame decode(byte[] bytes) {
    EcgFrame frame = DIRECT ? direct(bytes) : null;
    return frame != null ? frame : AVRO.deserialize(bytes);
  }

  /** The frame read directly, or null when the record is for Avro to decide. */
  static EcgFrame direct(byte[] bytes) {
    if (bytes == null || bytes.length < 10 || bytes.length >= MAX_DIRECT_BYTES || bytes[0] != (byte) 0xC3
        || bytes[1] != (byte) 0x01 || ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() != CURRENT_FINGERPRINT) {
      return null;
    }
    try {
      return new Reader(bytes).frame();
    } catch (NotDirect | RuntimeException e) {
      return null; // truncated, malformed or unusual: Avro decides, and says why
    }
  }

  /** Thrown where the direct reader stops and leaves the record to Avro. */
  private static final class NotDirect extends Exception {
    private static final NotDirect INSTANCE = new NotDirect();

    private NotDirect() {
      super(null, null, false, false);
    }
  }

  /** One record's fields in the schema's order (EcgFrameLayout.EXPECTED). */
  private static final class Reader {
    private final byte[] bytes;
    private int position = 10;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    EcgFrame frame() throws NotDirect {
      String deviceId = readString();
      long seq = readLong();
      long deviceTime = readLong();
      int sampleRate = readInt();
      float gain = readFloat();
      int baseline = readInt();
      int leadCount = readBlockCount();
      List<Lead> leads = new ArrayList<>(leadCount);
      for (int i = 0; i < leadCount; i++) {
        int index = readInt();
        if (index < 0 || index >= LEAD_BY_INDEX.length) {
          throw NotDirect.INSTANCE;
        }
        leads.add(LEAD_BY_INDEX[index]);
      }
      endOfArray(leadCount);
      int sampleCount = readBlockCount();
      List<ByteBuffer> samples = new ArrayList<>(sampleCount);
      for (int i = 0; i < sampleCount; i++) {
        int length = readInt();
        if (length < 0 || length > bytes.length - position) {
          throw NotDirect.INSTANCE;
        }
        samples.add(ByteBuffer.wrap(bytes, position, length).slice());
        position += length;
      }
      endOfArray(sampleCount);
      List<Boolean> leadOff = readBooleans();
      String patientId = readOptionalString();
      String bedId = readOptionalString();
      FrameQuality quality = null;
      int branch = readInt();
      if (branch == 1) {
        quality = new FrameQuality(readBooleans(), readBooleans(), readBooleans(), readLong(), readLong());
      } else if (branch != 0) {
        throw NotDirect.INSTANCE;
      }
      return new EcgFrame(deviceId, seq, deviceTime, sampleRate, gain, baseline, leads, samples, leadOff, patientId, bedId,
          quality);
    }

    /** One block of items (possibly none); several blocks or a byte count are Avro's to read. */
    private int readBlockCount() throws NotDirect {
      long count = readLong();
      if (count < 0 || count > bytes.length - position) {
        throw NotDirect.INSTANCE;
      }
      return (int) count;
    }

    private void endOfArray(int itemsRead) throws NotDirect {
      if (itemsRead > 0 && readLong() != 0) {
        throw NotDirect.INSTANCE;
      }
    }

    private List<Boolean> readBooleans() throws NotDirect {
      int n = readBlockCount();
      List<Boolean> flags = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        flags.add(bytes[position++] == 1); // as Avro reads a boolean: the byte 1 is true, any other false
      }
      endOfArray(n);
      return flags;
    }

    private String readOptionalString() throws NotDirect {
      int branch = readInt();
      if (branch == 0) {
        return null;
      }
      if (branch != 1) {
        throw NotDirect.INSTANCE;
      }
      return readString();
    }

    private String readString() throws NotDirect {
      int length = readInt();
      if (length < 0 || length > bytes.length - position) {
        throw NotDirect.INSTANCE;
      }
      String s = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return s;
    }

    private float readFloat() {
      int bits = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8 | (bytes[position + 2] & 0xff) << 16
          | (bytes[position + 3] & 0xff) << 24;
      position += 4;
      return Float.intBitsToFloat(bits);
    }

    /** As Avro's DirectBinaryDecoder.readInt: at most 5 bytes, zig-zag. */
    private int readInt() throws NotDirect {
      int n = 0;
      for (int shift = 0; shift < 32; shift += 7) {
        int b = bytes[position++] & 0xff;
        n |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return (n >>> 1) ^ -(n & 1);
        }
      }
      throw NotDirect.INSTANCE;
    }

    /** As Avro's DirectBinaryDecoder.readLong: at most 10 bytes, zig-zag. */
    private long readLong() throws NotDirect {
      long n = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        long b = bytes[position++] & 0xff;
        n |= (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return (n >>> 1) ^ -(n & 1);
        }
      }
      throw NotDirect.INSTANCE;
    }
  }

  private static Lead[] leadsByIndex(Schema schema) {
    List<String> symbols = schema.getField("leads").schema().getElementType().getEnumSymbols();
    Lead[] leads = new Lead[symbols.size()];
    for (int i = 0; i < leads.length; i++) {
      leads[i] = Lead.valueOf(symbols.get(i));
    }
    return leads;
  }

  /** Whether Avro's length limits (AvroSafety's, or the operator's) are all at least {@code bytes}. */
  private static boolean limitsAtLeast(int bytes) {
    for (String key : List.of(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, SystemLimitException.MAX_STRING_LENGTH_PROPERTY,
        SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, SystemLimitException.MAX_COLLECTION_ALLOCATION_PROPERTY)) {
      String value = System.getProperty(key);
      try {
        if (value != null && Long.parseLong(value.trim()) < bytes) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }
}
