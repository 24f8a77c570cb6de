package org.ecgstream.schemas.serde;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.Collection;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.ecgstream.schemas.serde.RecordDecodingException.Reason;

/**
 * Avro single-object encoding of one record type: marker {@code C3 01}, the writer schema's 8-byte
 * little-endian CRC-64-AVRO fingerprint, then the binary body. Records written with any schema
 * version in {@link KnownSchemas} decode into the current class by Avro schema resolution.
 *
 * <p>Thread-safe. {@link #deserialize} throws nothing but {@link RecordDecodingException}.
 */
public final class AvroSingleObjectSerde<T extends SpecificRecord> {

  private static final int HEADER_BYTES = 10;

  static {
    AvroSafety.install();
  }

  private final String typeName;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public AvroSingleObjectSerde(Class<T> type, Schema currentSchema, Collection<Schema> olderVersions) {
    SpecificData model = new SpecificData(type.getClassLoader());
    this.typeName = type.getSimpleName();
    // Without copying its output: serialize copies it once into an array of the exact size anyway.
    this.encoder = new BinaryMessageEncoder<>(model, currentSchema, false);
    this.decoder = new BinaryMessageDecoder<>(model, currentSchema, new KnownSchemas(olderVersions));
  }

  public byte[] serialize(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record); // this thread's buffer, valid until its next encode
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot encode " + typeName + ": " + e.getMessage()
          + " (a required field is probably null)", e);
    }
  }

  public T deserialize(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new RecordDecodingException(Reason.EMPTY, "no bytes where a " + typeName + " was expected", null);
    }
    if (bytes.length < HEADER_BYTES || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
      throw new RecordDecodingException(Reason.NOT_SINGLE_OBJECT,
          bytes.length + " bytes that do not start with the Avro single-object header (C3 01 + fingerprint)", null);
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new RecordDecodingException(Reason.UNKNOWN_FINGERPRINT, String.format(
          "%s written with unknown schema fingerprint %016x: the writer uses a schema version this build"
              + " does not know; upgrade this service or add the version to the schema history", typeName, fingerprint(bytes)), e);
    } catch (BadHeaderException e) {
      throw new RecordDecodingException(Reason.NOT_SINGLE_OBJECT, e.getMessage(), e);
    } catch (java.io.IOException | RuntimeException | OutOfMemoryError e) {
      Reason reason = isTruncation(e) ? Reason.TRUNCATED : Reason.CORRUPT;
      throw new RecordDecodingException(reason, typeName + " body does not decode: " + e, e);
    }
  }

  private static boolean isTruncation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
      if (t instanceof AvroRuntimeException && t.getMessage() != null && t.getMessage().contains("EOF")) {
        return true;
      }
    }
    return false;
  }

  private static long fingerprint(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
  }
}
