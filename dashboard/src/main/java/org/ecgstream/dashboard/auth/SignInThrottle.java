package org.ecgstream.dashboard.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits password guessing: after {@code maxFailures} failed sign-ins within {@code window} for one
 * user name, or from one client address, further attempts for that name or from that address are
 * refused (without checking the password) until the oldest failure leaves the window. Both keys
 * count, so guessing many names from one address and one name from many addresses are both slowed.
 * A success clears the user's count, not the address's.
 */
public final class SignInThrottle {

  /** Keys kept at most; the least recently failed are forgotten first, so memory stays bounded under a spray. */
  private static final int MAX_KEYS = 10_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Deque<Long>> failures = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
      return size() > MAX_KEYS;
    }
  };

  public SignInThrottle(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("max failures must be at least 1");
    }
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** How long this user from this address must wait before trying again; zero if they may try now. */
  public synchronized Duration retryAfter(String user, String address) {
    long now = clock.millis();
    long wait = Math.max(waitFor(userKey(user), now), waitFor(addressKey(address), now));
    return Duration.ofMillis(wait);
  }

  public synchronized void failed(String user, String address) {
    long now = clock.millis();
    record(userKey(user), now);
    record(addressKey(address), now);
  }

  public synchronized void succeeded(String user) {
    failures.remove(userKey(user));
  }

  private long waitFor(String key, long now) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    trim(times, now);
    if (times.size() < maxFailures) {
      return 0;
    }
    return times.peekFirst() + window.toMillis() - now;
  }

  private void record(String key, long now) {
    Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
    trim(times, now);
    times.addLast(now);
    while (times.size() > maxFailures) {
      times.removeFirst();
    }
  }

  private void trim(Deque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() <= now - window.toMillis()) {
      times.removeFirst();
    }
  }

  private static String userKey(String user) {
    return "user:" + (user == null ? "" : user.toLowerCase(java.util.Locale.ROOT));
  }

  private static String addressKey(String address) {
    return "addr:" + address;
  }
}
