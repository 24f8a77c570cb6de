package org.ecgstream.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.ecgstream.dashboard.MutableClock;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private final SessionStore store = new SessionStore(Duration.ofMinutes(30), Duration.ofHours(12), clock);

  @Test
  void sessionEndsAfterIdleTimeoutWithoutUse() {
    Session s = store.open("nurse");
    clock.advance(Duration.ofMinutes(29));
    assertThat(store.use(s.id())).isPresent();
    clock.advance(Duration.ofMinutes(29)); // 29 min since the last use: still live
    assertThat(store.use(s.id())).isPresent();
    clock.advance(Duration.ofMinutes(30));
    assertThat(store.use(s.id())).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void sessionEndsAtAbsoluteTimeoutHoweverActive() {
    Session s = store.open("nurse");
    for (int i = 0; i < 47; i++) { // used every 15 min for 11 h 45 min
      clock.advance(Duration.ofMinutes(15));
      assertThat(store.use(s.id())).as("use %d", i).isPresent();
    }
    clock.advance(Duration.ofMinutes(15));
    assertThat(store.use(s.id())).isEmpty();
  }

  @Test
  void liveCheckOfAStreamDoesNotExtendTheSession() {
    Session s = store.open("nurse");
    clock.advance(Duration.ofMinutes(20));
    assertThat(store.live(s.id())).isTrue();
    clock.advance(Duration.ofMinutes(11));
    assertThat(store.live(s.id())).isFalse();
  }

  @Test
  void idsAndCsrfTokensAreRandomAndDistinct() {
    Session a = store.open("nurse");
    Session b = store.open("nurse");
    assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
    assertThat(a.csrfToken()).isNotEqualTo(a.id()).isNotEqualTo(b.csrfToken());
    store.close(a.id());
    assertThat(store.use(a.id())).isEmpty();
    assertThat(store.use(b.id())).isPresent();
    assertThat(store.use("forged")).isEmpty();
  }

  @Test
  void absoluteShorterThanIdleIsRefused() {
    assertThatThrownBy(() -> new SessionStore(Duration.ofHours(1), Duration.ofMinutes(5), clock))
        .hasMessageContaining("idle").hasMessageContaining("absolute");
  }
}
