package org.ecgstream.flink.archive;

import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;
import org.apache.flink.util.function.SerializableFunction;
import org.ecgstream.core.archive.ArchiveLayout;

/**
 * Buckets archive records by the UTC day of their own device time ({@code day=2026-11-26}), not of
 * the wall clock when they were written, so a replayed or late record lands where a reader of that
 * day looks for it.
 */
public final class UtcDayBuckets<T> implements BucketAssigner<T, String> {

  private final SerializableFunction<T, Long> epochMillis;

  public UtcDayBuckets(SerializableFunction<T, Long> epochMillis) {
    this.epochMillis = epochMillis;
  }

  @Override
  public String getBucketId(T record, Context context) {
    return ArchiveLayout.dayPartition(epochMillis.apply(record));
  }

  @Override
  public SimpleVersionedSerializer<String> getSerializer() {
    return SimpleVersionedStringSerializer.INSTANCE;
  }
}
