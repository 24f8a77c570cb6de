package org.ecgstream.ingest.frame;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Store format of a held frame: the original record and its origin (the frame is decoded again
 * from the original bytes when read, so the store never holds a second copy of the samples).
 */
public final class ReceivedFrameSerde implements Serde<ReceivedFrame> {

  /** 2 adds the record's Kafka timestamp; 1 (without it) is still read. */
  private static final byte VERSION = 2;

  @Override
  public Serializer<ReceivedFrame> serializer() {
    return (topic, frame) -> frame == null ? null : write(frame);
  }

  @Override
  public Deserializer<ReceivedFrame> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(ReceivedFrame frame) {
    RawRecord raw = frame.raw();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.value().length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(raw.topic());
      out.writeInt(raw.partition());
      out.writeLong(raw.offset());
      out.writeLong(raw.arrivalWallMillis());
      out.writeLong(raw.timestampMillis());
      out.writeLong(frame.gapBeforeMillis());
      writeBytes(out, raw.key());
      writeBytes(out, raw.value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static ReceivedFrame read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != 1 && version != VERSION) {
        throw new IllegalStateException("held frame in store format " + version + ", this build reads 1 to " + VERSION
            + " (state written by a newer ingest: reset the application or roll back)");
      }
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      long arrival = in.readLong();
      long timestamp = version >= 2 ? in.readLong() : RawRecord.NO_TIMESTAMP;
      long gap = in.readLong();
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      RawRecord raw = new RawRecord(topic, partition, offset, key, value, arrival, timestamp);
      return new ReceivedFrame(DeviceFrameDecoder.decode(value), raw, gap);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
