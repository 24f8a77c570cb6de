package org.ecgstream.core.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A credential given by reference, never by value: {@code env:NAME} (an environment variable) or
 * {@code file:PATH} (a file's content, trailing newline removed). {@link #toString} names the
 * reference only, so a secret cannot reach a log through it. The bridge's and the dashboard's credentials
 * (FHIR token, key store passwords, OIDC client secret) are all read through it.
 */
public final class SecretReference {

  private final String reference;

  private SecretReference(String reference) {
    this.reference = reference;
  }

  /** Parses a reference; a bare value is refused, so that no credential sits in a config file or a command line. */
  public static SecretReference parse(String key, String reference) {
    if (!reference.startsWith("env:") && !reference.startsWith("file:")) {
      throw new IllegalArgumentException(key + ": give a credential by reference, env:NAME or file:PATH"
          + " (a literal value would end up in config files, shell history and process lists)");
    }
    if (reference.indexOf(':') == reference.length() - 1) {
      throw new IllegalArgumentException(key + ": '" + reference + "' names no variable or file");
    }
    return new SecretReference(reference);
  }

  /** The credential, read now (so a rotated file is picked up on the next connection). */
  public char[] resolve() {
    if (reference.startsWith("env:")) {
      String name = reference.substring(4);
      String value = System.getenv(name);
      if (value == null) {
        throw new IllegalStateException("credential " + reference + ": environment variable " + name + " is not set");
      }
      return value.toCharArray();
    }
    Path path = Path.of(reference.substring(5));
    try {
      String value = Files.readString(path, StandardCharsets.UTF_8);
      return value.strip().toCharArray();
    } catch (IOException e) {
      throw new IllegalStateException("credential " + reference + ": cannot read the file (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  @Override
  public String toString() {
    return reference;
  }
}
