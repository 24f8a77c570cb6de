package org.ecgstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.EcgFrame;
import org.junit.jupiter.api.Test;

/**
 * The schema evolution rule, checked on every build: each released version of a topic schema is
 * kept in the history, and every version is fully compatible with every later one.
 */
class SchemaEvolutionTest {

  @Test
  void newestHistoryVersionOfEveryRecordIsTheCurrentSchema() {
    for (Schema current : EcgSerdes.CURRENT) {
      List<Schema> history = KnownSchemas.history(current.getName());
      assertThat(history).as("history of %s (add it as %s%s/v1.avsc)", current.getName(), KnownSchemas.HISTORY_ROOT, current.getName())
          .isNotEmpty();
      Schema newest = history.get(history.size() - 1);
      assertThat(SchemaNormalization.parsingFingerprint64(newest))
          .as("%s changed since v%d: check it is fully compatible, then add it as v%d.avsc in %s%s/",
              current.getName(), history.size(), history.size() + 1, KnownSchemas.HISTORY_ROOT, current.getName())
          .isEqualTo(SchemaNormalization.parsingFingerprint64(current));
    }
  }

  @Test
  void everyVersionIsFullyCompatibleWithEveryLaterVersion() {
    for (Schema current : EcgSerdes.CURRENT) {
      List<Schema> history = KnownSchemas.history(current.getName());
      for (int older = 0; older < history.size(); older++) {
        for (int newer = older + 1; newer < history.size(); newer++) {
          assertThat(FullCompatibility.problems(history.get(older), history.get(newer)))
              .as("%s v%d -> v%d", current.getName(), older + 1, newer + 1).isEmpty();
        }
        assertThat(FullCompatibility.problems(history.get(older), current)).as("%s v%d -> current", current.getName(), older + 1).isEmpty();
      }
    }
  }

  @Test
  void theCheckCatchesARequiredFieldAddedWithoutDefault() throws Exception {
    Schema incompatible = parse("/evolution/Alarm-with-required-field-added.avsc");
    assertThat(FullCompatibility.problems(Alarm.getClassSchema(), incompatible)).isNotEmpty();
  }

  @Test
  void addingOptionalFieldsWithDefaultsIsFullyCompatible() throws Exception {
    assertThat(FullCompatibility.problems(parse("/evolution/EcgFrame-without-optional-fields.avsc"), EcgFrame.getClassSchema())).isEmpty();
  }

  @Test
  void recordWrittenWithAnOlderVersionDecodesIntoTheCurrentClassWithDefaults() throws Exception {
    Schema old = parse("/evolution/EcgFrame-without-optional-fields.avsc");
    GenericRecord written = new GenericData.Record(old);
    written.put("deviceId", "old-monitor");
    written.put("seq", 9L);
    written.put("deviceTimeMillis", 1_000L);
    written.put("sampleRateHz", 250);
    written.put("gainPerMv", 400f);
    written.put("leads", List.of(new GenericData.EnumSymbol(old.getField("leads").schema().getElementType(), "II")));
    written.put("samples", List.of(ByteBuffer.wrap(new byte[] {1, 0, 2, 0})));
    ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(written);
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);

    var serde = new AvroSingleObjectSerde<>(EcgFrame.class, EcgFrame.getClassSchema(), List.of(old));
    EcgFrame frame = serde.deserialize(bytes);

    assertThat(frame.getDeviceId()).isEqualTo("old-monitor");
    assertThat(frame.getSampleRateHz()).isEqualTo(250);
    assertThat(frame.getBaselineAdc()).isZero();
    assertThat(frame.getPatientId()).isNull();
    assertThat(frame.getLeadOff()).isEmpty();
  }

  @Test
  void storeResolvesEveryReleasedFingerprint() {
    for (Schema current : EcgSerdes.CURRENT) {
      KnownSchemas store = new KnownSchemas(KnownSchemas.history(current.getName()));
      for (Schema version : KnownSchemas.history(current.getName())) {
        assertThat(store.findByFingerprint(SchemaNormalization.parsingFingerprint64(version))).isEqualTo(version);
      }
    }
  }

  private static Schema parse(String resource) throws Exception {
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
      return new Schema.Parser().parse(in);
    }
  }
}
