package org.ecgstream.bridge;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling; fails with what was expected and what was seen. */
public final class Await {

  private Await() {}

  public static void until(Duration deadline, BooleanSupplier condition, Supplier<String> whatWasSeen) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within " + deadline + "; seen: " + whatWasSeen.get());
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5); // polling interval, not synchronisation: the condition decides
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
  }
}
