package org.ecgstream.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.ecgstream.dashboard.MutableClock;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private final SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(15), clock);

  @Test
  void userIsRefusedAfterMaxFailuresUntilTheOldestLeavesTheWindow() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.retryAfter("nurse", "10.0.0." + i)).isZero();
      throttle.failed("nurse", "10.0.0." + i); // different addresses: the user's count still grows
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(throttle.retryAfter("nurse", "10.0.0.9")).isEqualTo(Duration.ofMinutes(12));
    assertThat(throttle.retryAfter("other", "10.0.0.9")).isZero();
    clock.advance(Duration.ofMinutes(12));
    assertThat(throttle.retryAfter("nurse", "10.0.0.9")).isZero();
  }

  @Test
  void addressIsRefusedAfterMaxFailuresAcrossUserNames() {
    throttle.failed("a", "192.0.2.7");
    throttle.failed("b", "192.0.2.7");
    throttle.failed("c", "192.0.2.7");
    assertThat(throttle.retryAfter("d", "192.0.2.7")).isPositive();
    assertThat(throttle.retryAfter("d", "192.0.2.8")).isZero();
  }

  @Test
  void successClearsTheUsersCountButNotTheAddresss() {
    throttle.failed("nurse", "192.0.2.7");
    throttle.failed("nurse", "192.0.2.7");
    throttle.succeeded("nurse");
    throttle.failed("nurse", "192.0.2.8");
    throttle.failed("nurse", "192.0.2.8");
    assertThat(throttle.retryAfter("nurse", "192.0.2.9")).isZero();
    throttle.failed("x", "192.0.2.7");
    assertThat(throttle.retryAfter("y", "192.0.2.7")).isPositive();
  }

  @Test
  void userNamesAreCountedCaseInsensitively() {
    throttle.failed("Nurse", "a");
    throttle.failed("NURSE", "b");
    throttle.failed("nurse", "c");
    assertThat(throttle.retryAfter("nUrse", "d")).isPositive();
  }
}
