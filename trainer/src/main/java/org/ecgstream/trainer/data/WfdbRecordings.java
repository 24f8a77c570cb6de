package org.ecgstream.trainer.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.Lead;

/** Turns a {@link WfdbRecord} into a {@link Recording}, keeping the signals named after a standard lead. */
final class WfdbRecordings {

  private WfdbRecordings() {}

  /**
   * The mapped leads of {@code record} in mV (first signal wins if two map to one lead).
   *
   * @throws IllegalArgumentException when no signal names a standard lead
   */
  static Recording toRecording(String id, WfdbRecord record) {
    Map<Lead, float[]> leads = new EnumMap<>(Lead.class);
    StringBuilder names = new StringBuilder();
    for (int s = 0; s < record.signalCount(); s++) {
      Optional<Lead> lead = LeadNames.toLead(record.signalName(s));
      names.append(names.length() == 0 ? "" : ", ").append(record.signalName(s));
      if (lead.isPresent() && !leads.containsKey(lead.get())) {
        leads.put(lead.get(), record.physical(s));
      }
    }
    if (leads.isEmpty()) {
      throw new IllegalArgumentException("record " + id + ": none of its signals (" + names + ") is a standard ECG lead");
    }
    return new Recording(id, leads, record.samplingFrequencyHz());
  }

  /** The single signal of {@code record} as {@code lead}, whatever the header calls it. */
  static Recording singleLead(String id, WfdbRecord record, Lead lead) {
    if (record.signalCount() != 1) {
      throw new IllegalArgumentException("record " + id + ": expected 1 signal, the header has " + record.signalCount());
    }
    Map<Lead, float[]> leads = new EnumMap<>(Lead.class);
    leads.put(lead, record.physical(0));
    return new Recording(id, leads, record.samplingFrequencyHz());
  }
}
