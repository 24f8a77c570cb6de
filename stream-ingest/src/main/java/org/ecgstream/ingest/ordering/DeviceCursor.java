package org.ecgstream.ingest.ordering;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Where a device's stream stands: the next sequence number expected, the end (device time) and
 * duration of the last frame emitted, the newest device time seen (emitted or held), and the
 * device time at which the current run of sequence numbers started (first frame, or a restart).
 */
public record DeviceCursor(long nextSeq, long lastEndMillis, long lastDurationMillis, long newestDeviceTimeMillis,
    long runStartMillis) {

  /** The cursor of a run of sequence numbers that starts with a frame at {@code deviceTimeMillis}. */
  static DeviceCursor startingAt(long seq, long endMillis, long durationMillis, long deviceTimeMillis) {
    return new DeviceCursor(seq + 1, endMillis, durationMillis, deviceTimeMillis, deviceTimeMillis);
  }

  DeviceCursor afterEmitting(long seq, long endMillis, long durationMillis, long deviceTimeMillis) {
    return new DeviceCursor(seq + 1, endMillis, durationMillis, Math.max(newestDeviceTimeMillis, deviceTimeMillis), runStartMillis);
  }

  DeviceCursor seeing(long deviceTimeMillis) {
    return new DeviceCursor(nextSeq, lastEndMillis, lastDurationMillis, Math.max(newestDeviceTimeMillis, deviceTimeMillis),
        runStartMillis);
  }

  /** Fixed 40-byte store format. */
  public static final class StoreSerde implements Serde<DeviceCursor> {
    @Override
    public Serializer<DeviceCursor> serializer() {
      return (topic, c) -> c == null ? null : ByteBuffer.allocate(40).putLong(c.nextSeq).putLong(c.lastEndMillis)
          .putLong(c.lastDurationMillis).putLong(c.newestDeviceTimeMillis).putLong(c.runStartMillis).array();
    }

    @Override
    public Deserializer<DeviceCursor> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new DeviceCursor(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
      };
    }
  }
}
