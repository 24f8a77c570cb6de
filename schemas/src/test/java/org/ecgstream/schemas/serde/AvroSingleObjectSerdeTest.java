package org.ecgstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.RecordDecodingException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class AvroSingleObjectSerdeTest {

  @Test
  void everyRecordTypeSurvivesARoundTrip() {
    assertRoundTrip(EcgSerdes.frames(), SampleRecords.frame());
    assertRoundTrip(EcgSerdes.rejectedRecords(), SampleRecords.rejected());
    assertRoundTrip(EcgSerdes.admissions(), SampleRecords.admission());
    assertRoundTrip(EcgSerdes.labels(), SampleRecords.label());
    assertRoundTrip(EcgSerdes.alarms(), SampleRecords.alarm());
    assertRoundTrip(EcgSerdes.acks(), SampleRecords.ack());
    assertRoundTrip(EcgSerdes.reports(), SampleRecords.report());
    assertRoundTrip(EcgSerdes.archivedRecordings(), SampleRecords.archived());
    assertRoundTrip(EcgSerdes.modelVersions(), SampleRecords.modelVersion());
    assertRoundTrip(EcgSerdes.vitals(), SampleRecords.vitals());
    assertRoundTrip(EcgSerdes.vitals(), SampleRecords.vitalsDuringAsystole());
  }

  @Test
  void encodedBytesStartWithTheSingleObjectMarkerAndTheWriterFingerprint() {
    byte[] bytes = EcgSerdes.frames().serialize(SampleRecords.frame());
    long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(EcgFrame.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(java.nio.ByteBuffer.wrap(bytes, 2, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(fingerprint);
  }

  @Test
  void unknownFingerprintIsReportedAsSuchWithTheFingerprint() {
    byte[] bytes = EcgSerdes.frames().serialize(SampleRecords.frame());
    bytes[5] ^= 0x5A;
    RecordDecodingException e = catchThrowableOfType(RecordDecodingException.class, () -> EcgSerdes.frames().deserialize(bytes));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_FINGERPRINT);
    assertThat(e.getMessage()).contains("unknown schema fingerprint").contains("schema history");
  }

  @Test
  void aRecordOfAnotherTypeIsNotReadAsAFrame() {
    byte[] alarm = EcgSerdes.alarms().serialize(SampleRecords.alarm());
    assertThat(catchThrowableOfType(RecordDecodingException.class, () -> EcgSerdes.frames().deserialize(alarm)).reason())
        .isEqualTo(Reason.UNKNOWN_FINGERPRINT);
  }

  @Test
  void emptyAndForeignBytesAreTyped() {
    assertReason(new byte[0], Reason.EMPTY);
    assertReason(null, Reason.EMPTY);
    assertReason("{\"json\": true}".getBytes(), Reason.NOT_SINGLE_OBJECT);
    assertReason(new byte[] {(byte) 0xC3, 0x01, 0, 0}, Reason.NOT_SINGLE_OBJECT);
  }

  @Test
  void truncationAtEveryCutPointGivesOnlyTypedErrors() {
    byte[] bytes = EcgSerdes.frames().serialize(SampleRecords.frame());
    for (int cut = 0; cut < bytes.length; cut++) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      RecordDecodingException e = catchThrowableOfType(RecordDecodingException.class, () -> EcgSerdes.frames().deserialize(truncated));
      assertThat(e).as("cut at %d of %d", cut, bytes.length).isNotNull();
      if (cut >= 10) {
        assertThat(e.reason()).as("cut at %d", cut).isIn(Reason.TRUNCATED, Reason.CORRUPT);
      }
    }
    long truncatedCount = java.util.stream.IntStream.range(10, bytes.length)
        .mapToObj(cut -> catchThrowableOfType(RecordDecodingException.class,
            () -> EcgSerdes.frames().deserialize(Arrays.copyOf(bytes, cut))).reason())
        .filter(Reason.TRUNCATED::equals).count();
    assertThat(truncatedCount).as("most cuts are recognised as truncation").isGreaterThan((bytes.length - 10) / 2);
  }

  @Test
  @Timeout(10)
  void absurdArrayLengthIsRefusedWithoutAllocatingIt() throws Exception {
    // A valid header, a device id, then a body that claims ~2^30 leads.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] good = EcgSerdes.frames().serialize(SampleRecords.frame());
    out.write(good, 0, 10);
    out.write(new byte[] {2, 'd'}); // deviceId "d"
    out.write(new byte[] {2}); // seq 1
    out.write(new byte[] {2}); // deviceTimeMillis 1
    out.write(new byte[] {(byte) 0xE8, 0x07}); // sampleRateHz 500
    out.write(new byte[] {0, 0, 0x48, 0x43}); // gainPerMv 200f
    out.write(new byte[] {0}); // baselineAdc
    out.write(new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}); // leads: 2^30 - 1 items
    byte[] hostile = out.toByteArray();

    RecordDecodingException e = catchThrowableOfType(RecordDecodingException.class, () -> EcgSerdes.frames().deserialize(hostile));
    assertThat(e.reason()).isIn(Reason.CORRUPT, Reason.TRUNCATED);
  }

  @Test
  @Timeout(60)
  void fuzzedBytesGiveARecordOrATypedErrorAndNothingElse() {
    Random random = new Random(20261125);
    byte[] good = EcgSerdes.frames().serialize(SampleRecords.frame());
    int decoded = 0;
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
        if (i % 4 == 0 && input.length > 10) {
          System.arraycopy(good, 0, input, 0, 10); // valid header, random body
        }
      } else {
        input = good.clone();
        int flips = 1 + random.nextInt(8);
        for (int f = 0; f < flips; f++) {
          int at = 10 + random.nextInt(input.length - 10);
          input[at] = (byte) random.nextInt(256);
        }
      }
      try {
        EcgSerdes.frames().deserialize(input);
        decoded++;
      } catch (RecordDecodingException expected) {
        refused++;
      }
    }
    assertThat(decoded + refused).isEqualTo(20_000);
    assertThat(refused).isPositive();
  }

  @Test
  void encodingARecordWithAMissingRequiredFieldSaysSo() {
    EcgFrame broken = SampleRecords.frame();
    broken.setDeviceId(null);
    assertThatThrownBy(() -> EcgSerdes.frames().serialize(broken)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot encode EcgFrame");
  }

  private static void assertReason(byte[] bytes, Reason reason) {
    assertThat(catchThrowableOfType(RecordDecodingException.class, () -> EcgSerdes.frames().deserialize(bytes)).reason())
        .isEqualTo(reason);
  }

  private static <T extends SpecificRecord> void assertRoundTrip(AvroSingleObjectSerde<T> serde, T record) {
    Function<T, T> roundTrip = r -> serde.deserialize(serde.serialize(r));
    assertThat(roundTrip.apply(record)).isEqualTo(record);
  }
}
