package org.ecgstream.schemas.serde;

import org.apache.avro.SystemLimitException;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Process-wide Avro settings every reader of our records needs, installed once before the first
 * record is decoded: by our serdes, and by any code that lets another library (Flink's Avro
 * serializer) read our generated classes. Idempotent and cheap.
 */
public final class AvroSafety {

  /** Far above any real record (a 10 s, 12-lead, 1 kHz window is 240 KB), far below the heap. */
  static final String MAX_BYTES = Integer.toString(64 * 1024 * 1024);
  static final String MAX_ITEMS = Integer.toString(1_000_000);

  private static final String GENERATED_PACKAGE = "org.ecgstream.schemas.";

  private static boolean installed;

  private AvroSafety() {}

  public static synchronized void install() {
    if (installed) {
      return;
    }
    // Bytes from the network may claim any length; without these limits a 12-byte record that
    // claims two billion array items makes Avro try to allocate them. Operators can override.
    setIfAbsent(SystemLimitException.MAX_BYTES_LENGTH_PROPERTY, MAX_BYTES);
    setIfAbsent(SystemLimitException.MAX_STRING_LENGTH_PROPERTY, MAX_BYTES);
    setIfAbsent(SystemLimitException.MAX_COLLECTION_LENGTH_PROPERTY, MAX_ITEMS);
    // Avro 1.12 instantiates only classes it trusts (exact names or system properties); our
    // generated records are ours, so trust their package in code instead of asking every
    // deployment to set org.apache.avro.SERIALIZABLE_PACKAGES.
    ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(type -> type.getName().startsWith(GENERATED_PACKAGE) || before.isTrusted(type));
    installed = true;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
