package org.ecgstream.dashboard.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side sessions behind an opaque random cookie value. A session ends when unused for
 * {@code idleTimeout} or, however active, {@code absoluteTimeout} after sign-in (OWASP Session
 * Management: both are needed; a stolen cookie stays useful at most that long).
 */
public final class SessionStore {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Duration idleTimeout;
  private final Duration absoluteTimeout;
  private final Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public SessionStore(Duration idleTimeout, Duration absoluteTimeout, Clock clock) {
    if (idleTimeout.isNegative() || idleTimeout.isZero() || absoluteTimeout.compareTo(idleTimeout) < 0) {
      throw new IllegalArgumentException("session timeouts: need 0 < idle (" + idleTimeout + ") <= absolute (" + absoluteTimeout + ")");
    }
    this.idleTimeout = idleTimeout;
    this.absoluteTimeout = absoluteTimeout;
    this.clock = clock;
  }

  /** Starts a session for a user who has just proven who they are. */
  public Session open(String user) {
    long now = clock.millis();
    sessions.values().removeIf(s -> expired(s, now));
    Session session = new Session(randomToken(), user, randomToken(), now, now);
    sessions.put(session.id(), session);
    return session;
  }

  /** The live session with this id, marked as used now; empty if unknown or expired (then it is gone). */
  public Optional<Session> use(String id) {
    if (id == null) {
      return Optional.empty();
    }
    long now = clock.millis();
    Session touched = sessions.computeIfPresent(id, (k, s) -> expired(s, now) ? null : s.seenAt(now));
    return Optional.ofNullable(touched);
  }

  /** Whether the session is still live, without counting this as use (long-lived streams check this). */
  public boolean live(String id) {
    Session s = sessions.get(id);
    return s != null && !expired(s, clock.millis());
  }

  public void close(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  public int size() {
    return sessions.size();
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  private boolean expired(Session s, long now) {
    return now - s.lastSeenMillis() >= idleTimeout.toMillis() || now - s.createdMillis() >= absoluteTimeout.toMillis();
  }

  private static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
