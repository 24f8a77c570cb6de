package org.ecgstream.ingest.binding;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ecgstream.schemas.Admission;

/**
 * Feeds the global store of binding histories: every admission read from the compacted admissions
 * topic is added to its device's {@link BindingHistory}, as it arrives. The store sees each
 * admission, so two re-bindings of a device with no frame in between both stay in the history
 * (a table of the latest admission per device, read only when a frame came, lost the middle one).
 *
 * <p>Kafka Streams restores a global store by replaying the topic through this processor, so the
 * store after a restore is what it was before, less what compaction removed from the topic: keep
 * the topic's {@code min.compaction.lag.ms} above the longest a frame may come late.
 */
public final class AdmissionRecorder implements Processor<String, Admission, Void, Void> {

  private final String historyStoreName;
  private final AdmissionChanges changes;
  private KeyValueStore<String, BindingHistory> histories;

  /** {@code changes}: counted after each write, shared with the app's {@link DeviceBinder}s. */
  public AdmissionRecorder(String historyStoreName, AdmissionChanges changes) {
    this.historyStoreName = historyStoreName;
    this.changes = changes;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    histories = context.getStateStore(historyStoreName);
  }

  @Override
  public void process(Record<String, Admission> record) {
    // A tombstone (no value) removes the device from the compacted topic, not from what it was:
    // frames recorded while an admission was in force still belong to its patient.
    if (record.key() == null || record.value() == null) {
      return;
    }
    BindingHistory history = histories.get(record.key());
    BindingHistory updated = (history == null ? BindingHistory.empty() : history).with(record.value());
    if (updated != history) {
      histories.put(record.key(), updated);
      changes.changed(); // after the write: a binder that sees the new count reads the new history
    }
  }
}
