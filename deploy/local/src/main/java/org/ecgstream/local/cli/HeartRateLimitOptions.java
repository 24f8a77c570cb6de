package org.ecgstream.local.cli;

import org.ecgstream.flink.alarms.HeartRateLimits;
import picocli.CommandLine.Option;

/** The heart-rate alarm limit flags, shared by {@code ./ecg demo} and {@code ./ecg alarms}. */
public final class HeartRateLimitOptions {

  @Option(names = "--hr-extreme-low", defaultValue = "40",
      description = "Extreme bradycardia (HIGH priority) below this rate in bpm (default: ${DEFAULT-VALUE}).")
  int extremeLow;

  @Option(names = "--hr-low", defaultValue = "50", description = "Low heart-rate alarm limit (MEDIUM) in bpm (default: ${DEFAULT-VALUE}).")
  int low;

  @Option(names = "--hr-high", defaultValue = "120", description = "High heart-rate alarm limit (MEDIUM) in bpm (default: ${DEFAULT-VALUE}).")
  int high;

  @Option(names = "--hr-extreme-high", defaultValue = "180",
      description = "Extreme tachycardia (HIGH priority) above this rate in bpm (default: ${DEFAULT-VALUE}). "
          + "An admission on ecg.admissions may set a patient's own limits.")
  int extremeHigh;

  /** The limits, or a usage error naming what is inconsistent. */
  HeartRateLimits limits() {
    try {
      return new HeartRateLimits(extremeLow, low, high, extremeHigh);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--hr-* flags: " + e.getMessage(), e);
    }
  }
}
