package org.ecgstream.core.qrs;

import java.util.function.LongConsumer;

/**
 * A streaming QRS detector for one lead: consumes consecutive blocks of samples in millivolts and
 * reports each R peak as a sample index counted from the first sample fed, in increasing order,
 * a bounded time after it occurred.
 */
public interface QrsDetector {

  /** Feeds the next samples; calls {@code onBeat} for every R peak found so far. */
  void accept(float[] millivolts, LongConsumer onBeat);

  int sampleRateHz();
}
