package org.ecgstream.dashboard.auth;

/**
 * A signed-in user's session. {@code csrfToken} must come back in a header with every state-changing
 * request; a page of another origin cannot read it.
 */
public record Session(String id, String user, String csrfToken, long createdMillis, long lastSeenMillis) {

  Session seenAt(long millis) {
    return new Session(id, user, csrfToken, createdMillis, millis);
  }
}
