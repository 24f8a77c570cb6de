package org.ecgstream.local.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The --every daemon: a run per period, a status line per run, failures reported and survived, a prompt stop. */
@Timeout(10)
class RetrainScheduleTest {

  /** A clock the cycles move on, so no test waits a real period. */
  private static final class SteppedClock extends Clock {
    Instant now = Instant.parse("2026-11-26T04:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void everyRunGetsAStatusLineAFailedRunDoesNotEndTheDaemonAndStopEndsIt() throws Exception {
    SteppedClock clock = new SteppedClock();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RetrainSchedule schedule = new RetrainSchedule(Duration.ofHours(24), clock,
        new PrintStream(out, true, StandardCharsets.UTF_8));
    AtomicInteger calls = new AtomicInteger();

    int runs = schedule.run(() -> {
      // Each run takes longer than the period, so the next one is due at once.
      clock.now = clock.now.plus(Duration.ofHours(25));
      return switch (calls.incrementAndGet()) {
        case 1 -> new RetrainCycle.Result(true, "0.1.0", "0.1.1", "passed", Path.of("w1"));
        case 2 -> throw new IllegalStateException("could not read ecg.models to its end within 30 s");
        default -> {
          schedule.stop(Duration.ZERO);
          yield new RetrainCycle.Result(false, "0.1.1", "0.1.2", "heldout.zero_shot_af_auc 0.6 is below ...", Path.of("w3"));
        }
      };
    });

    assertThat(runs).isEqualTo(3);
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "retrain: run 1 published 0.1.1 as shadow after 25h; next run at 2026-11-27T04:00:00Z (every 24h; stop with Ctrl-C or SIGTERM)",
        "retrain: run 2 failed: could not read ecg.models to its end within 30 s after 25h; next run at 2026-11-28T05:00:00Z (every 24h; stop with Ctrl-C or SIGTERM)",
        "retrain: run 3 candidate 0.1.2 refused: heldout.zero_shot_af_auc 0.6 is below ... after 25h; next run at 2026-11-29T06:00:00Z (every 24h; stop with Ctrl-C or SIGTERM)",
        "retrain: stopped after 3 runs");
  }

  @Test
  void stopDuringTheWaitEndsTheDaemonWithoutWaitingThePeriod() throws Exception {
    RetrainSchedule schedule = new RetrainSchedule(Duration.ofHours(24), Clock.systemUTC(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    Thread daemon = new Thread(() -> {
      try {
        schedule.run(() -> new RetrainCycle.Result(true, "0.1.0", "0.1.1", "passed", Path.of("w")));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    daemon.start();

    assertThat(schedule.stop(Duration.ofSeconds(5))).as("loop exited within the grace").isTrue();
    daemon.join(5_000);
    assertThat(daemon.isAlive()).isFalse();
  }

  @Test
  void periodShorterThanAMinuteIsRefused() {
    assertThatThrownBy(() -> new RetrainSchedule(Duration.ofSeconds(30), Clock.systemUTC(), System.out))
        .hasMessageContaining("--every must be at least 1m");
  }
}
