package org.ecgstream.simulators.twelvelead;

import java.util.List;

/**
 * When the atria and ventricles fire over a recording: P-wave centres (sinus or ectopic) and
 * ventricular beats with the RR interval before each, plus the flutter wave timing when the atria flutter.
 */
record BeatSchedule(
    List<AtrialEvent> atrial, List<VentricularEvent> ventricular, double flutterPeriodSeconds, double flutterOffsetSeconds, int flutterRatio) {

  /** A P wave centred at {@code seconds}; {@code ectopic} for a premature atrial focus. */
  record AtrialEvent(double seconds, boolean ectopic) {}

  /** A ventricular beat with its R peak at {@code seconds}. */
  record VentricularEvent(double seconds, double precedingRrSeconds, BeatType type) {}
}
