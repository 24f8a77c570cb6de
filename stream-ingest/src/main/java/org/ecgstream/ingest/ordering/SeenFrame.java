package org.ecgstream.ingest.ordering;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** What de-duplication remembers of a frame taken: its sequence number, the identity of its bytes and its device time. */
public record SeenFrame(long seq, long fingerprint, long deviceTimeMillis) {

  /** Fixed 24-byte store format. */
  public static final class StoreSerde implements Serde<SeenFrame> {
    @Override
    public Serializer<SeenFrame> serializer() {
      return (topic, s) -> s == null ? null : ByteBuffer.allocate(24).putLong(s.seq).putLong(s.fingerprint).putLong(s.deviceTimeMillis).array();
    }

    @Override
    public Deserializer<SeenFrame> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new SeenFrame(b.getLong(), b.getLong(), b.getLong());
      };
    }
  }
}
