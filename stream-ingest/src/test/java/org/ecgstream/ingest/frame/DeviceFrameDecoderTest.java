package org.ecgstream.ingest.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;
import org.ecgstream.schemas.serde.AvroSingleObjectSerde;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.junit.jupiter.api.Test;

/**
 * The direct reader gives exactly the frame Avro's decoder gives, or leaves the record to Avro: on
 * valid frames of every shape, and on truncations and random changes of valid records (where
 * both must agree: the same frame, or the same reason to refuse it).
 */
class DeviceFrameDecoderTest {

  private static final AvroSingleObjectSerde<EcgFrame> AVRO = EcgSerdes.frames();
  private static final long T0 = 1_800_000_000_000L;

  @Test
  void validFramesAreReadDirectlyAsAvroReadsThemWithTheSamplesNotCopied() {
    assertThat(DeviceFrameDecoder.readsDirectly()).as("direct reading enabled under AvroSafety's limits").isTrue();
    Random random = new Random(4);
    List<EcgFrame> frames = validFrames(random);
    for (EcgFrame sent : frames) {
      byte[] bytes = AVRO.serialize(sent);
      EcgFrame direct = DeviceFrameDecoder.direct(bytes);
      assertThat(direct).as("read directly").isNotNull();
      assertSameFrame(direct, AVRO.deserialize(bytes));
      for (ByteBuffer lead : direct.getSamples()) {
        assertThat(lead.array()).as("a view of the record's bytes").isSameAs(bytes);
      }
    }
  }

  @Test
  void everyTruncationAndRandomChangeIsDecodedOrRefusedAsAvroDoes() {
    Random random = new Random(5);
    List<EcgFrame> frames = validFrames(random);
    int readDirectly = 0;
    int refused = 0;
    for (int f = 0; f < frames.size(); f += 20) {
      byte[] bytes = AVRO.serialize(frames.get(f));
      // Every cut through the header and first fields, then every 37th byte.
      for (int length = 0; length < bytes.length; length += length < 64 ? 1 : 37) {
        refused += sameAsAvro(Arrays.copyOf(bytes, length)) ? 1 : 0;
      }
      for (int change = 0; change < 600; change++) {
        byte[] changed = bytes.clone();
        // A third of the changes in the last 80 bytes: lead-off flags, ids, unions and quality live there.
        int at = change % 3 == 0 ? Math.max(0, changed.length - 1 - random.nextInt(80)) : random.nextInt(changed.length);
        changed[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : changed[at] ^ (1 << random.nextInt(8)));
        boolean avroRefuses = sameAsAvro(changed);
        refused += avroRefuses ? 1 : 0;
        readDirectly += !avroRefuses && DeviceFrameDecoder.direct(changed) != null ? 1 : 0;
      }
    }
    // Both outcomes occur, or the comparison proved little.
    assertThat(readDirectly).isGreaterThan(1_000);
    assertThat(refused).isGreaterThan(1_000);
  }

  /** Asserts the direct reader and decode agree with Avro on {@code bytes}; returns whether Avro refuses them. */
  private static boolean sameAsAvro(byte[] bytes) {
    EcgFrame direct = DeviceFrameDecoder.direct(bytes);
    EcgFrame byAvro;
    try {
      byAvro = AVRO.deserialize(bytes);
    } catch (RecordDecodingException refusal) {
      assertThat(direct).as("nothing read directly that Avro refuses").isNull();
      RecordDecodingException ours = catchThrowableOfType(() -> DeviceFrameDecoder.decode(bytes), RecordDecodingException.class);
      assertThat(ours).as("refused like Avro").isNotNull();
      assertThat(ours.reason()).isEqualTo(refusal.reason());
      return true;
    }
    if (direct != null) {
      assertSameFrame(direct, byAvro);
    }
    assertSameFrame(DeviceFrameDecoder.decode(bytes), byAvro);
    return false;
  }

  /** Field by field, NaN gains included (Avro's equals has NaN unequal to itself): their encodings are equal. */
  private static void assertSameFrame(EcgFrame actual, EcgFrame expected) {
    assertThat(AVRO.serialize(actual)).isEqualTo(AVRO.serialize(expected));
  }

  private static List<EcgFrame> validFrames(Random random) {
    List<EcgFrame> frames = new ArrayList<>();
    for (SignalModel model : SignalModel.values()) {
      BedScript script = BedScript.steady("monitor-" + model, "patient-1", "bed-1", 75).withModel(model);
      SimulatedBed bed = new SimulatedBed(script, StandardLeads.TWELVE, 500, 250, T0, 3);
      for (int i = 0; i < 20; i++) {
        frames.add(bed.nextFrame());
      }
    }
    for (int i = 0; i < 200; i++) {
      int leads = random.nextInt(13);
      List<ByteBuffer> samples = new ArrayList<>();
      List<Boolean> flags = new ArrayList<>();
      for (int l = 0; l < leads; l++) {
        short[] adc = new short[random.nextInt(300)];
        for (int s = 0; s < adc.length; s++) {
          adc[s] = (short) random.nextInt(65_536);
        }
        samples.add(Int16Samples.pack(adc));
        flags.add(random.nextBoolean());
      }
      FrameQuality quality = random.nextBoolean() ? null
          : new FrameQuality(flags, List.copyOf(flags), List.of(), random.nextLong(), (long) random.nextInt());
      frames.add(EcgFrame.newBuilder()
          .setDeviceId(random.nextInt(5) == 0 ? "" : "d\u00e9vice-\u6d4b-" + random.nextInt())
          .setSeq(random.nextLong()).setDeviceTimeMillis(random.nextLong()).setSampleRateHz(random.nextInt())
          .setGainPerMv(random.nextInt(10) == 0 ? Float.NaN : random.nextFloat() * 1e6f - 5e5f).setBaselineAdc(random.nextInt())
          .setLeads(StandardLeads.TWELVE.subList(0, leads)).setSamples(samples)
          .setLeadOff(random.nextBoolean() ? List.of() : flags)
          .setPatientId(random.nextBoolean() ? null : "patient-" + random.nextInt())
          .setBedId(random.nextBoolean() ? null : "")
          .setQuality(quality).build());
    }
    return frames;
  }
}
