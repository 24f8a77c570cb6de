package org.ecgstream.local.retrain;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./ecg retrain --every 24h}: runs a cycle now and then every period after the start of
 * the previous one, printing a status line after each (outcome, duration, next start). A cycle
 * that fails (refused by the gate, or an error such as an unreachable broker) is reported and
 * the schedule goes on. {@link #stop} ends the wait at once; a cycle already training finishes
 * first (nothing is published half-way: the store's put is atomic and the registry record comes
 * after it).
 */
public final class RetrainSchedule {

  /** One cycle. */
  @FunctionalInterface
  public interface Cycle {
    RetrainCycle.Result run() throws Exception;
  }

  private final Duration every;
  private final Clock clock;
  private final PrintStream out;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  public RetrainSchedule(Duration every, Clock clock, PrintStream out) {
    if (every == null || every.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("--every must be at least 1m (re-training takes minutes), got " + every);
    }
    this.every = every;
    this.clock = clock;
    this.out = out;
  }

  /** Runs cycles until {@link #stop}; returns how many ran. */
  public int run(Cycle cycle) throws InterruptedException {
    int runs = 0;
    try {
      while (stopped.getCount() > 0) {
        Instant start = clock.instant();
        runs++;
        String outcome;
        try {
          RetrainCycle.Result r = cycle.run();
          outcome = r.published() ? "published " + r.candidateVersion() + " as shadow"
              : "candidate " + r.candidateVersion() + " refused: " + r.explanation();
        } catch (Exception e) {
          outcome = "failed: " + e.getMessage();
        }
        Instant next = start.plus(every);
        out.printf("retrain: run %d %s after %s; next run at %s (every %s; stop with Ctrl-C or SIGTERM)%n", runs, outcome,
            human(Duration.between(start, clock.instant())), next, human(every));
        long waitMillis = Duration.between(clock.instant(), next).toMillis();
        if (waitMillis > 0 && stopped.await(waitMillis, TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      out.printf("retrain: stopped after %d run%s%n", runs, runs == 1 ? "" : "s");
      return runs;
    } finally {
      finished.countDown();
    }
  }

  /** Ends the schedule: the wait for the next run ends now; waits up to {@code grace} for the loop to exit. */
  public boolean stop(Duration grace) throws InterruptedException {
    stopped.countDown();
    return finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s >= 60) {
      return s / 60 + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
    }
    return s + "s";
  }
}
