package org.ecgstream.schemas.serde;

/**
 * Bytes that are not a record this build can read. The {@link Reason} says which way they are
 * wrong, so that callers can count and dead-letter them by kind instead of crashing.
 */
public final class RecordDecodingException extends RuntimeException {

  /** Which way the bytes are wrong. */
  public enum Reason {
    /** No bytes at all. */
    EMPTY,
    /** Not Avro single-object encoding: too short for the header or wrong marker bytes. */
    NOT_SINGLE_OBJECT,
    /** Written with a schema whose fingerprint this build does not know. */
    UNKNOWN_FINGERPRINT,
    /** The body ends before the record does. */
    TRUNCATED,
    /** The body does not decode: bad union index, negative or absurd length, trailing garbage. */
    CORRUPT
  }

  private final Reason reason;

  public RecordDecodingException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
