package org.ecgstream.ingest.ordering;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.deadletter.DeadLetter;
import org.ecgstream.ingest.deadletter.RejectReason;
import org.ecgstream.ingest.frame.DeviceKeys;
import org.ecgstream.ingest.frame.IngestOutcome;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.ingest.metrics.IngestMetrics;

/**
 * Puts each device's frames in sequence order: drops exact duplicates (counted), dead-letters a
 * reused sequence number with different content ({@code DUPLICATE_SEQUENCE}), holds frames that
 * arrive ahead of a missing one until it comes or the reorder bound passes, then moves on and marks
 * the gap on the next frame ({@code gapBeforeMillis}); a missing frame that turns up after that is
 * {@code LATE}.
 *
 * <p>The reorder bound counts both in device time (a frame this much newer than the missing one
 * has arrived) and in wall time (a frame has been held this long), so a device that goes quiet
 * does not strand its last frames. A lower sequence number whose device time lies after everything
 * emitted is a device restart: the stream starts over from it.
 *
 * <p>All state is in changelogged stores keyed by device, so it moves with the task. Per frame in
 * order, the usual case, that is one cursor read (from a copy kept in memory) and two writes
 * (cursor, de-duplication memory): the de-duplication memory is only read for frames that could be
 * duplicates.
 */
public final class FrameSequencer implements Processor<String, ReceivedFrame, String, IngestOutcome> {

  private final String cursorStoreName;
  private final String bufferStoreName;
  private final String seenStoreName;
  private final long reorderBoundMillis;
  private final int maxBufferedFrames;
  private final long dedupWindowMillis;
  private final IngestMetrics metrics;

  private ProcessorContext<String, IngestOutcome> context;
  private KeyValueStore<String, DeviceCursor> cursors;
  private KeyValueStore<String, ReceivedFrame> buffer;
  private KeyValueStore<String, SeenFrame> seen;
  /** Frames held per device; derived from the buffer store at start, so not itself stored. */
  private final Map<String, Integer> heldPerDevice = new HashMap<>();
  /**
   * The cursors store's content as read or written by this processor, its only writer: reading the
   * store for every frame cost a key encoding, a cache lookup and a decoding. Emptied in
   * {@link #init}, which runs again whenever the task's state was restored.
   */
  private final Map<String, DeviceCursor> cursorCopies = new HashMap<>();

  public FrameSequencer(String cursorStoreName, String bufferStoreName, String seenStoreName, IngestConfig config,
      IngestMetrics metrics) {
    this.cursorStoreName = cursorStoreName;
    this.bufferStoreName = bufferStoreName;
    this.seenStoreName = seenStoreName;
    this.reorderBoundMillis = config.reorderBoundMillis();
    this.maxBufferedFrames = config.reorderMaxFrames();
    this.dedupWindowMillis = config.dedupWindowMillis();
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, IngestOutcome> context) {
    this.context = context;
    this.cursors = context.getStateStore(cursorStoreName);
    this.buffer = context.getStateStore(bufferStoreName);
    this.seen = context.getStateStore(seenStoreName);
    cursorCopies.clear();
    metrics.heldForOrder(-heldPerDevice.values().stream().mapToInt(Integer::intValue).sum());
    heldPerDevice.clear();
    try (KeyValueIterator<String, ReceivedFrame> all = buffer.all()) {
      while (all.hasNext()) {
        heldPerDevice.merge(DeviceKeys.deviceOf(all.next().key), 1, Integer::sum);
        metrics.heldForOrder(1);
      }
    }
    long every = Math.max(50, Math.min(1000, reorderBoundMillis / 4));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::releaseOverdue);
  }

  @Override
  public void process(Record<String, ReceivedFrame> record) {
    ReceivedFrame frame = record.value();
    String device = frame.deviceId();
    long seq = frame.seq();
    DeviceCursor cursor = cursor(device);
    if (cursor == null) {
      emit(frame, 0, null);
      return;
    }
    if (seq == cursor.nextSeq() && frame.deviceTimeMillis() >= cursor.runStartMillis() && !heldPerDevice.containsKey(device)) {
      // The next frame, in order: nothing of the current run has this sequence number yet (what was
      // taken lies below nextSeq, nothing is held), and an entry of an earlier run cannot be the same
      // bytes (its device time lies before the run start). So neither duplicate nor DUPLICATE_SEQUENCE.
      emit(frame, 0, cursor);
      return;
    }
    if (seq < cursor.nextSeq()
        && frame.deviceTimeMillis() >= Math.max(cursor.lastEndMillis(), cursor.newestDeviceTimeMillis() + 1)) {
      restart(frame, releaseAll(device, cursor));
      return;
    }
    long fingerprint = fingerprint(frame.raw().value());
    String key = DeviceKeys.of(device, seq);
    // A held frame belongs to the current run; check it first, so that an entry of an earlier run
    // in the de-duplication memory cannot let a second frame overwrite it.
    ReceivedFrame held = heldPerDevice.containsKey(device) ? buffer.get(key) : null;
    SeenFrame known = held != null ? new SeenFrame(seq, fingerprint(held.raw().value()), held.deviceTimeMillis())
        : seen(device, seq, frame.durationMillis());
    if (known != null && known.fingerprint() == fingerprint) {
      metrics.duplicateDropped();
      return;
    }
    if (frame.deviceTimeMillis() < cursor.runStartMillis()) {
      reject(frame, RejectReason.LATE, "device " + device + " frame " + seq + " at device time " + frame.deviceTimeMillis()
          + " belongs to a run of sequence numbers the device restarted after (at " + cursor.runStartMillis() + ")");
      return;
    }
    // An entry from before the current run (the device restarted) does not make this a duplicate.
    if (known != null && known.deviceTimeMillis() >= cursor.runStartMillis()) {
      reject(frame, RejectReason.DUPLICATE_SEQUENCE, "device " + device + " sent sequence number " + seq
          + " again with different content (the first one was kept)");
      return;
    }
    if (seq < cursor.nextSeq()) {
      reject(frame, RejectReason.LATE, "device " + device + " frame " + seq + " arrived after ingest stopped waiting for it ("
          + reorderBoundMillis + " ms reorder bound) and went on at sequence number " + cursor.nextSeq());
      return;
    }
    if (seq == cursor.nextSeq()) {
      cursor = emit(frame, gapBefore(cursor, frame), cursor);
      drainContiguous(device, cursor); // emit stores the cursor
      return;
    }
    buffer.put(key, frame);
    held(device, 1);
    cursor = cursor.seeing(frame.deviceTimeMillis());
    putCursor(device, release(device, cursor, context.currentSystemTimeMs()));
  }

  /** Wall-clock punctuation: moves on past missing frames for devices whose held frames waited long enough. */
  private void releaseOverdue(long nowMillis) {
    for (String device : Set.copyOf(heldPerDevice.keySet())) {
      DeviceCursor cursor = cursor(device);
      if (cursor != null) {
        release(device, cursor, nowMillis); // emit stores the cursor
      }
    }
  }

  /** Emits held frames, with a gap, while the oldest has waited past the bound or too many are held. */
  private DeviceCursor release(String device, DeviceCursor cursor, long nowMillis) {
    while (true) {
      KeyValue<String, ReceivedFrame> oldest = oldestHeld(device);
      if (oldest == null) {
        heldPerDevice.remove(device);
        return cursor;
      }
      boolean overdueInDeviceTime = cursor.newestDeviceTimeMillis() - cursor.lastEndMillis() > reorderBoundMillis;
      boolean overdueInWallTime = nowMillis - oldest.value.raw().arrivalWallMillis() >= reorderBoundMillis;
      if (!overdueInDeviceTime && !overdueInWallTime && heldPerDevice.getOrDefault(device, 0) <= maxBufferedFrames) {
        return cursor;
      }
      buffer.delete(oldest.key);
      held(device, -1);
      cursor = emit(oldest.value, gapBefore(cursor, oldest.value), cursor);
      cursor = drainContiguous(device, cursor);
    }
  }

  /** Emits every held frame of the device in order (before a restart or a late frame is judged). */
  private DeviceCursor releaseAll(String device, DeviceCursor cursor) {
    for (KeyValue<String, ReceivedFrame> oldest = oldestHeld(device); oldest != null; oldest = oldestHeld(device)) {
      buffer.delete(oldest.key);
      held(device, -1);
      cursor = emit(oldest.value, gapBefore(cursor, oldest.value), cursor);
    }
    return cursor;
  }

  private DeviceCursor drainContiguous(String device, DeviceCursor cursor) {
    if (!heldPerDevice.containsKey(device)) {
      return cursor;
    }
    for (ReceivedFrame next = buffer.get(DeviceKeys.of(device, cursor.nextSeq())); next != null;
        next = buffer.get(DeviceKeys.of(device, cursor.nextSeq()))) {
      buffer.delete(DeviceKeys.of(device, next.seq()));
      held(device, -1);
      cursor = emit(next, 0, cursor);
    }
    return cursor;
  }

  private void restart(ReceivedFrame frame, DeviceCursor cursor) {
    long gap = Math.max(0, frame.deviceTimeMillis() - cursor.lastEndMillis());
    emit(frame, gap, null);
  }

  private DeviceCursor emit(ReceivedFrame frame, long gapBeforeMillis, DeviceCursor cursor) {
    String device = frame.deviceId();
    long seq = frame.seq();
    seen.put(seenKey(device, seq, frame.durationMillis()), new SeenFrame(seq, fingerprint(frame.raw().value()), frame.deviceTimeMillis()));
    if (gapBeforeMillis > 0) {
      metrics.gap();
    }
    context.forward(new Record<>(device, IngestOutcome.accept(frame.withGapBefore(gapBeforeMillis)), frame.deviceTimeMillis()));
    DeviceCursor next = cursor == null
        ? DeviceCursor.startingAt(seq, frame.endMillis(), frame.durationMillis(), frame.deviceTimeMillis())
        : cursor.afterEmitting(seq, frame.endMillis(), frame.durationMillis(), frame.deviceTimeMillis());
    putCursor(device, next);
    return next;
  }

  private DeviceCursor cursor(String device) {
    DeviceCursor cursor = cursorCopies.get(device);
    if (cursor == null) {
      cursor = cursors.get(device);
      if (cursor != null) {
        cursorCopies.put(device, cursor);
      }
    }
    return cursor;
  }

  private void putCursor(String device, DeviceCursor cursor) {
    cursors.put(device, cursor);
    cursorCopies.put(device, cursor);
  }

  /**
   * The de-duplication memory's entry of frame {@code seq}, or null when it holds none: it keeps one
   * slot per frame of the window ({@code seq} modulo the window in frames of this duration), each
   * overwritten by the frame one window later, so it stays the window's size with one store write
   * per frame. Deleting entries that left the window instead cost a delete per frame, a changelog
   * tombstone each and range scans over RocksDB's tombstones (a third of the stream threads' CPU
   * in bench ingest).
   */
  private SeenFrame seen(String device, long seq, long frameMillis) {
    SeenFrame entry = seen.get(seenKey(device, seq, frameMillis));
    return entry != null && entry.seq() == seq ? entry : null;
  }

  private String seenKey(String device, long seq, long frameMillis) {
    long windowFrames = Math.max(1, dedupWindowMillis / Math.max(1, frameMillis));
    return DeviceKeys.of(device, seq % windowFrames);
  }

  private static long gapBefore(DeviceCursor cursor, ReceivedFrame frame) {
    long missing = frame.seq() - cursor.nextSeq();
    if (missing <= 0) {
      return 0;
    }
    long byClock = frame.deviceTimeMillis() - cursor.lastEndMillis();
    return byClock > 0 ? byClock : missing * Math.max(1, cursor.lastDurationMillis());
  }

  private KeyValue<String, ReceivedFrame> oldestHeld(String device) {
    if (!heldPerDevice.containsKey(device)) {
      return null;
    }
    try (KeyValueIterator<String, ReceivedFrame> held = buffer.range(DeviceKeys.first(device), DeviceKeys.last(device))) {
      return held.hasNext() ? held.next() : null;
    }
  }

  private void held(String device, int delta) {
    metrics.heldForOrder(delta);
    heldPerDevice.merge(device, delta, (a, b) -> a + b == 0 ? null : a + b);
  }

  private void reject(ReceivedFrame frame, RejectReason reason, String detail) {
    metrics.deadLettered(reason);
    long now = context.currentSystemTimeMs();
    context.forward(new Record<>(frame.deviceId(), IngestOutcome.reject(DeadLetter.of(reason, detail, frame.raw(), now)),
        frame.deviceTimeMillis()));
  }

  /** Identity of a record's bytes: CRC-32C and length, enough to tell an exact copy of the same (device, seq). */
  static long fingerprint(byte[] bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    return (crc.getValue() << 32) | (bytes.length & 0xffffffffL);
  }
}
