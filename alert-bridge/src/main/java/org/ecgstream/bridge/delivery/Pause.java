package org.ecgstream.bridge.delivery;

import java.time.Duration;

/** Waits out a back-off; tests pass one that records the waits instead of sleeping. */
@FunctionalInterface
public interface Pause {

  Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

  void pause(Duration duration) throws InterruptedException;
}
