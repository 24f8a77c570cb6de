package org.ecgstream.ingest.frame;

import java.nio.charset.StandardCharsets;

/**
 * The input record exactly as it arrived, with where it came from: what a dead letter must carry,
 * at whatever stage the frame is refused.
 *
 * @param arrivalWallMillis wall-clock time ingest first saw the record; hold times count from it
 * @param timestampMillis the record's Kafka timestamp (broker append time, or the producer's), or
 *     {@link #NO_TIMESTAMP} when not known
 */
public record RawRecord(String topic, int partition, long offset, byte[] key, byte[] value, long arrivalWallMillis,
    long timestampMillis) {

  /** Kafka's own value for a record without a timestamp. */
  public static final long NO_TIMESTAMP = -1;

  /** The record key as text (device id), or null. */
  public String keyText() {
    return key == null ? null : new String(key, StandardCharsets.UTF_8);
  }
}
