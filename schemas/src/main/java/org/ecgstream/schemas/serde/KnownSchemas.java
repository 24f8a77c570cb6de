package org.ecgstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * The writer schemas this build can read, by CRC-64-AVRO fingerprint: every record's current
 * schema and every released version of it kept under {@code org/ecgstream/schemas/history/}.
 *
 * <p>It implements Avro's {@link SchemaStore}, the interface a schema registry client would
 * implement to resolve fingerprints this build has never seen.
 */
public final class KnownSchemas implements SchemaStore {

  /** Where released schema versions live on the class path: {@code history/<Record>/vN.avsc}. */
  public static final String HISTORY_ROOT = "org/ecgstream/schemas/history/";

  private final Map<Long, Schema> byFingerprint = new LinkedHashMap<>();

  public KnownSchemas(Collection<Schema> schemas) {
    schemas.forEach(this::add);
  }

  public void add(Schema schema) {
    byFingerprint.put(SchemaNormalization.parsingFingerprint64(schema), schema);
  }

  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  public Collection<Schema> all() {
    return List.copyOf(byFingerprint.values());
  }

  /** Every released version of {@code recordName}, oldest first; empty when none is kept. */
  public static List<Schema> history(String recordName) {
    List<Schema> versions = new ArrayList<>();
    ClassLoader loader = KnownSchemas.class.getClassLoader();
    for (int v = 1; ; v++) {
      String path = HISTORY_ROOT + recordName + "/v" + v + ".avsc";
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema history " + path, e);
      }
    }
  }
}
