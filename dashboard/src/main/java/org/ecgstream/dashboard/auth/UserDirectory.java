package org.ecgstream.dashboard.auth;

import java.util.Map;
import java.util.TreeMap;

/**
 * The users who may sign in, each with a password hash ({@link PasswordHasher}). Unknown users cost
 * as much time as known ones, so a response time does not tell which user names exist.
 */
public final class UserDirectory {

  private final Map<String, String> hashByUser;
  private final String decoyHash;

  public UserDirectory(Map<String, String> hashByUser) {
    hashByUser.forEach((user, hash) -> {
      if (!user.matches("[A-Za-z0-9._@-]{1,64}")) {
        throw new IllegalArgumentException("user name '" + user + "': use 1-64 letters, digits, '.', '_', '@' or '-'");
      }
      try {
        PasswordHasher.validate(hash);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("user " + user + ": " + e.getMessage(), e);
      }
    });
    this.hashByUser = Map.copyOf(new TreeMap<>(hashByUser));
    this.decoyHash = hashByUser.values().stream().findFirst()
        .orElseGet(() -> new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS).hash("decoy".toCharArray()));
  }

  /** Whether the user exists and the password is theirs. */
  public boolean verify(String user, char[] password) {
    String hash = user == null ? null : hashByUser.get(user);
    if (hash == null) {
      PasswordHasher.matches(password, decoyHash);
      return false;
    }
    return PasswordHasher.matches(password, hash);
  }

  public int size() {
    return hashByUser.size();
  }
}
