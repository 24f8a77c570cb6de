package org.ecgstream.ingest.binding;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
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
import org.ecgstream.schemas.EcgFrame;

/**
 * Binds each frame to the patient its device is admitted to at the frame's device time and re-keys
 * it by patient. Frames of a device with no binding are held (in device-time order) for the hold
 * time, since an admission may reach the global table just after the device's first frames; then
 * they are dead-lettered {@code UNBOUND_DEVICE}. Once a device has frames held, its newer frames
 * queue behind them, so a device's frames leave in order.
 *
 * <p>Each device's admissions are read from the global store that {@link AdmissionRecorder} keeps
 * ({@link BindingHistory}; copies kept until the store changes, {@link AdmissionChanges}), so a
 * re-binding takes effect at its {@code effectiveFromMillis} and frames from before it stay with
 * the previous patient.
 */
public final class DeviceBinder implements Processor<String, ReceivedFrame, String, IngestOutcome> {

  private final String historyStoreName;
  private final String heldStoreName;
  private final long holdMillis;
  private final int maxHeldFrames;
  private final IngestMetrics metrics;
  private final AdmissionChanges changes;
  /** Histories read from the global store while it had changed {@link #copiesAt} times. */
  private final Map<String, BindingHistory> historyCopies = new HashMap<>();
  private long copiesAt = -1;

  private ProcessorContext<String, IngestOutcome> context;
  private KeyValueStore<String, BindingHistory> histories;
  private KeyValueStore<String, ReceivedFrame> held;
  /** Frames held per device; derived from the held store at start, so not itself stored. */
  private final Map<String, Integer> heldPerDevice = new HashMap<>();

  /** {@code historyStoreName}: the global store of {@link AdmissionRecorder}, which counts its {@code changes}. */
  public DeviceBinder(String historyStoreName, String heldStoreName, IngestConfig config, IngestMetrics metrics,
      AdmissionChanges changes) {
    this.historyStoreName = historyStoreName;
    this.heldStoreName = heldStoreName;
    this.holdMillis = config.unboundHoldMillis();
    this.maxHeldFrames = config.unboundMaxFrames();
    this.metrics = metrics;
    this.changes = changes;
  }

  @Override
  public void init(ProcessorContext<String, IngestOutcome> context) {
    this.context = context;
    this.histories = context.getStateStore(historyStoreName);
    this.held = context.getStateStore(heldStoreName);
    // init runs again when a task is revived after its state was wiped and restored: count afresh.
    metrics.heldUnbound(-heldPerDevice.values().stream().mapToInt(Integer::intValue).sum());
    heldPerDevice.clear();
    try (KeyValueIterator<String, ReceivedFrame> all = held.all()) {
      while (all.hasNext()) {
        heldPerDevice.merge(DeviceKeys.deviceOf(all.next().key), 1, Integer::sum);
        metrics.heldUnbound(1);
      }
    }
    long every = Math.max(50, Math.min(1000, holdMillis / 4));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::releaseHeld);
  }

  @Override
  public void process(Record<String, ReceivedFrame> record) {
    ReceivedFrame frame = record.value();
    String device = frame.deviceId();
    if (!heldPerDevice.containsKey(device)) {
      BindingHistory.Binding binding = history(device).at(frame.deviceTimeMillis());
      if (binding != null) {
        forwardBound(frame, binding);
        return;
      }
    }
    held.put(DeviceKeys.of(device, Math.max(0, frame.deviceTimeMillis()), frame.seq()), frame);
    held(device, 1);
    release(device, context.currentSystemTimeMs());
  }

  private void releaseHeld(long nowMillis) {
    for (String device : Set.copyOf(heldPerDevice.keySet())) {
      release(device, nowMillis);
    }
  }

  /** Sends on the device's held frames that can now be bound, dead-letters those held too long, in order. */
  private void release(String device, long nowMillis) {
    BindingHistory history = history(device);
    while (true) {
      int count = heldPerDevice.getOrDefault(device, 0);
      if (count == 0) {
        return;
      }
      KeyValue<String, ReceivedFrame> oldest;
      try (KeyValueIterator<String, ReceivedFrame> it = held.range(DeviceKeys.first(device), DeviceKeys.last(device))) {
        oldest = it.hasNext() ? it.next() : null;
      }
      if (oldest == null) {
        heldPerDevice.remove(device);
        return;
      }
      ReceivedFrame frame = oldest.value;
      BindingHistory.Binding binding = history.at(frame.deviceTimeMillis());
      long heldMillis = nowMillis - frame.raw().arrivalWallMillis();
      if (binding != null) {
        forwardBound(frame, binding);
      } else if (heldMillis >= holdMillis || count > maxHeldFrames) {
        metrics.deadLettered(RejectReason.UNBOUND_DEVICE);
        String detail = history.unboundReason(device, frame.deviceTimeMillis()) + "; held " + heldMillis
            + " ms (hold time " + holdMillis + " ms, at most " + maxHeldFrames + " frames)";
        context.forward(new Record<>(device,
            IngestOutcome.reject(DeadLetter.of(RejectReason.UNBOUND_DEVICE, detail, frame.raw(), nowMillis)), frame.deviceTimeMillis()));
      } else {
        return;
      }
      held.delete(oldest.key);
      held(device, -1);
    }
  }

  private void held(String device, int delta) {
    metrics.heldUnbound(delta);
    heldPerDevice.merge(device, delta, (a, b) -> a + b == 0 ? null : a + b);
  }

  private BindingHistory history(String device) {
    long changed = changes.count(); // before the read: a change after it shows as a new count next time
    if (changed != copiesAt) {
      historyCopies.clear();
      copiesAt = changed;
    }
    BindingHistory history = historyCopies.get(device);
    if (history == null) {
      history = histories.get(device);
      history = history == null ? BindingHistory.empty() : history;
      historyCopies.put(device, history);
    }
    return history;
  }

  private void forwardBound(ReceivedFrame frame, BindingHistory.Binding binding) {
    EcgFrame f = frame.frame();
    EcgFrame bound = ReceivedFrame.with(f, binding.patientId(), binding.bedId(), f.getGainPerMv(), f.getBaselineAdc(),
        f.getSamples(), f.getQuality());
    context.forward(new Record<>(binding.patientId(),
        IngestOutcome.accept(new ReceivedFrame(bound, frame.raw(), frame.gapBeforeMillis())), frame.deviceTimeMillis()));
  }
}
