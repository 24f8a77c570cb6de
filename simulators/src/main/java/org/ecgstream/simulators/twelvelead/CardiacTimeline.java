package org.ecgstream.simulators.twelvelead;

/**
 * A bed's scripted heart over time, read ahead by the streaming generator (it schedules beats about
 * a second before they are drawn, so it must know the script rather than be told of changes).
 * Offsets are milliseconds from the bed's first sample.
 */
public interface CardiacTimeline {

  /** The state in force at {@code offsetMillis}. */
  CardiacState stateAt(long offsetMillis);

  /** The first offset after {@code offsetMillis} at which the state changes; {@link Long#MAX_VALUE} if none. */
  long nextChangeAfter(long offsetMillis);

  /**
   * The end of the sinus pause (no P wave, no QRS) that covers {@code offsetMillis}, or
   * {@code offsetMillis} itself when no pause covers it.
   */
  long pauseEndAt(long offsetMillis);

  /** One state for ever. */
  static CardiacTimeline steady(CardiacState state) {
    return new CardiacTimeline() {
      @Override
      public CardiacState stateAt(long offsetMillis) {
        return state;
      }

      @Override
      public long nextChangeAfter(long offsetMillis) {
        return Long.MAX_VALUE;
      }

      @Override
      public long pauseEndAt(long offsetMillis) {
        return offsetMillis;
      }
    };
  }
}
