package org.ecgstream.dashboard.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes in the users file: PBKDF2-HMAC-SHA256 from the JDK, written as
 * {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash Base64). The iteration count travels
 * with each hash, so raising the default never locks out existing users.
 *
 * <p>Default 600,000 iterations: OWASP Password Storage Cheat Sheet (2023) for PBKDF2-HMAC-SHA256.
 */
public final class PasswordHasher {

  public static final String SCHEME = "pbkdf2-sha256";
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;

  public PasswordHasher(int iterations) {
    if (iterations < 1000) {
      throw new IllegalArgumentException("PBKDF2 iterations must be at least 1000, got " + iterations);
    }
    this.iterations = iterations;
  }

  public static PasswordHasher standard() {
    return new PasswordHasher(DEFAULT_ITERATIONS);
  }

  /** A new hash with a fresh random salt. */
  public String hash(char[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether {@code password} matches {@code encoded}; compares in constant time. */
  public static boolean matches(char[] password, String encoded) {
    ParsedHash parsed = ParsedHash.parse(encoded);
    return MessageDigest.isEqual(derive(password, parsed.salt, parsed.iterations), parsed.hash);
  }

  /** Checks that {@code encoded} is a hash this class can verify; throws with what is wrong. */
  public static void validate(String encoded) {
    ParsedHash.parse(encoded);
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no PBKDF2WithHmacSHA256", e);
    } finally {
      spec.clearPassword();
    }
  }

  private record ParsedHash(int iterations, byte[] salt, byte[] hash) {
    static ParsedHash parse(String encoded) {
      String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
      if (parts.length != 4 || !parts[0].equals(SCHEME)) {
        throw new IllegalArgumentException("not a password hash of the form " + SCHEME
            + "$ITERATIONS$SALT$HASH (make one with ./ecg dashboard --hash-password)");
      }
      try {
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] hash = Base64.getDecoder().decode(parts[3]);
        if (iterations < 1000 || salt.length < 8 || hash.length != HASH_BITS / 8) {
          throw new IllegalArgumentException("password hash has too few iterations, a short salt or a hash of the wrong length");
        }
        return new ParsedHash(iterations, salt, hash);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("password hash: iterations '" + parts[1] + "' is not a number", e);
      }
    }
  }
}
