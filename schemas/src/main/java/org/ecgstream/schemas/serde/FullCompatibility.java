package org.ecgstream.schemas.serde;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Full compatibility between two versions of a schema: each can read what the other wrote. That
 * lets producers and consumers upgrade in any order (the rule for every topic schema here).
 */
public final class FullCompatibility {

  private FullCompatibility() {}

  /** What breaks between {@code older} and {@code newer}; empty when they are fully compatible. */
  public static List<String> problems(Schema older, Schema newer) {
    List<String> problems = new ArrayList<>();
    var backward = SchemaCompatibility.checkReaderWriterCompatibility(newer, older);
    if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add("new readers cannot read old records: " + backward.getResult().getIncompatibilities());
    }
    var forward = SchemaCompatibility.checkReaderWriterCompatibility(older, newer);
    if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add("old readers cannot read new records: " + forward.getResult().getIncompatibilities());
    }
    return problems;
  }
}
