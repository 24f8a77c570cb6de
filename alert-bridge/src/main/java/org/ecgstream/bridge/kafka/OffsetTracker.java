package org.ecgstream.bridge.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed offsets are finished (delivered or parked everywhere), per partition, and so how
 * far each partition may be committed: up to, not including, the oldest record still in delivery.
 * Records finish out of order (lanes run in parallel); the commit never passes an unfinished one,
 * which is what makes the bridge at-least-once.
 *
 * <p>Thread-safe: the consumer thread registers and commits, the lanes finish.
 */
final class OffsetTracker {

  private final Map<TopicPartition, TreeSet<Long>> pending = new HashMap<>();
  private final Map<TopicPartition, Long> next = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** A record handed to delivery. */
  synchronized void started(TopicPartition partition, long offset) {
    pending.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
    next.merge(partition, offset + 1, Math::max);
  }

  /** A record delivered or parked on every channel. Records of partitions no longer tracked are ignored. */
  synchronized void finished(TopicPartition partition, long offset) {
    TreeSet<Long> set = pending.get(partition);
    if (set != null) {
      set.remove(offset);
    }
  }

  synchronized int inFlight() {
    return pending.values().stream().mapToInt(TreeSet::size).sum();
  }

  /** Offsets to commit that moved since the last call: per partition, the oldest unfinished offset or the next one. */
  synchronized Map<TopicPartition, OffsetAndMetadata> advanced() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
      TreeSet<Long> set = pending.get(e.getKey());
      long commitAt = set == null || set.isEmpty() ? e.getValue() : set.first();
      Long last = committed.get(e.getKey());
      if (last == null || commitAt > last) {
        result.put(e.getKey(), new OffsetAndMetadata(commitAt));
      }
    }
    return result;
  }

  /** Records that {@code offsets} were committed. */
  synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((p, o) -> committed.merge(p, o.offset(), Math::max));
  }

  /** Forgets partitions this consumer no longer owns. */
  synchronized void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(p -> {
      pending.remove(p);
      next.remove(p);
      committed.remove(p);
    });
  }
}
