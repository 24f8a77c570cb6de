package org.ecgstream.trainer.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.ecgstream.schemas.Lead;

/**
 * An ECG recording in physical units: one equally long millivolt array per lead present (NaN marks
 * invalid samples), at one sample rate; the input {@code WindowPreprocessor.prepare} expects.
 */
public record Recording(String id, Map<Lead, float[]> millivolts, double sampleRateHz) {

  /** Copies the lead map into an {@link EnumMap} (arrays are shared) and checks its shape. */
  public Recording {
    Objects.requireNonNull(id, "id");
    if (!(sampleRateHz > 0)) {
      throw new IllegalArgumentException("recording " + id + ": sample rate must be positive, got " + sampleRateHz);
    }
    if (millivolts.isEmpty()) {
      throw new IllegalArgumentException("recording " + id + ": has no leads");
    }
    EnumMap<Lead, float[]> copy = new EnumMap<>(millivolts);
    int length = -1;
    for (Map.Entry<Lead, float[]> lead : copy.entrySet()) {
      int n = lead.getValue().length;
      if (length >= 0 && n != length) {
        throw new IllegalArgumentException("recording " + id + ": lead " + lead.getKey() + " has " + n
            + " samples, other leads " + length + " (leads must be equally long)");
      }
      length = n;
    }
    millivolts = Collections.unmodifiableMap(copy);
  }

  /** Samples per lead. */
  public int length() {
    return millivolts.values().iterator().next().length;
  }

  public double durationSeconds() {
    return length() / sampleRateHz;
  }

  /** The lead's samples in mV, or {@code null} when the lead is absent (not a copy). */
  public float[] lead(Lead lead) {
    return millivolts.get(lead);
  }
}
