package org.ecgstream.ingest.normalise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.validation.FrameValidator;
import org.ecgstream.ingest.validation.Violation;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.AvroSingleObjectSerde;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.artifacts.ArtifactEpisode;
import org.ecgstream.simulators.artifacts.ArtifactKind;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.junit.jupiter.api.Test;

/**
 * The sample range check and the normaliser read and write the frame's bytes in place; what they
 * give must be exactly what the previous implementation over {@code short[]} copies gave
 * ({@link ShortArrayReference}): the same canonical frame byte for byte on ecg.frames, the same
 * dead letter detail; whether the canonical values come from the formula or from a table of it, and
 * whether ingest writes the frame through Avro or straight into its bytes ({@link CanonicalFrameEncoder}).
 */
class BytesInPlaceIdentityTest {

  private static final long T0 = 1_800_000_000_000L;
  private static final AvroSingleObjectSerde<EcgFrame> FRAMES = EcgSerdes.frames();
  private final IngestConfig config = IngestConfig.defaults();
  private final FrameNormaliser byFormula =
      new FrameNormaliser(config.flatLineMaxMicrovolts(), config.maxClockDriftMillis(), new CanonicalLookup(Integer.MAX_VALUE));
  /** Builds the table of a frame's pair at once; made afresh for every random frame, so that each pair gets one. */
  private FrameNormaliser byTable = tableAtOnce();
  private final FrameNormaliser asIngestRuns = new FrameNormaliser(config.flatLineMaxMicrovolts(), config.maxClockDriftMillis());
  private final FrameValidator validator = new FrameValidator(config);
  private final CanonicalFrameEncoder encoder = new CanonicalFrameEncoder();

  @Test
  void simulatedBedsWithLeadOffRailsAndArtifactsNormaliseToTheSameBytes() {
    List<EcgFrame> frames = new ArrayList<>();
    List<ArtifactEpisode> artifacts = List.of(
        new ArtifactEpisode(ArtifactKind.MUSCLE_NOISE, 0, 2_000, 2.0, 0),
        new ArtifactEpisode(ArtifactKind.MAINS, 2_000, 4_000, 1.0, 50),
        new ArtifactEpisode(ArtifactKind.ELECTRODE_MOTION, 4_000, 6_000, 10.0, 0),
        new ArtifactEpisode(ArtifactKind.BASELINE_WANDER, 6_000, 8_000, 10.0, 0));
    List<BedScript.LeadOff> leadOffs = List.of(new BedScript.LeadOff(8_000, 9_000, BedScript.LeadOffSignal.FLAT),
        new BedScript.LeadOff(9_000, 10_000, BedScript.LeadOffSignal.RAILED));
    for (SignalModel model : SignalModel.values()) {
      BedScript script = new BedScript("monitor-1", "patient-1", "bed-1", List.of(new BedScript.RateChange(0, 80)), leadOffs,
          BedScript.DEMO_NOISE_MV, null,
          model == SignalModel.TWELVE_LEAD ? List.of(new BedScript.Pause(3_000, 5_000)) : List.of(), artifacts, model, 0);
      SimulatedBed bed = new SimulatedBed(script, StandardLeads.TWELVE, 500, 250, T0, 7);
      for (int f = 0; f < 48; f++) {
        frames.add(bed.nextFrame());
      }
    }
    assertThat(frames).anyMatch(f -> f.getLeadOff().contains(true));

    for (EcgFrame sent : frames) {
      EcgFrame decoded = FRAMES.deserialize(FRAMES.serialize(sent)); // as the app sees it
      assertThat(validator.check(decoded.getDeviceId(), decoded, decoded.getDeviceTimeMillis())).isNull();
      assertSameCanonicalBytes(decoded);
    }
  }

  @Test
  void randomFramesAtAnyGainAndBaselineGiveTheSameBytesAndTheSameRangeVerdict() {
    Random random = new Random(20261126);
    float[] gains = {1f, 3.7f, 200f, 999.9f, 1000f, 1001f, 12_345.6f, 100_000f};
    int refused = 0;
    for (int f = 0; f < 3_000; f++) {
      float gain = random.nextInt(4) == 0 ? 1f + random.nextFloat() * 99_999f : gains[random.nextInt(gains.length)];
      int baseline = switch (random.nextInt(5)) {
        case 0 -> 0;
        case 1 -> Short.MIN_VALUE;
        case 2 -> Short.MAX_VALUE;
        default -> random.nextInt(65_536) - 32_768;
      };
      int leadCount = 1 + random.nextInt(12);
      List<ByteBuffer> samples = new ArrayList<>();
      for (int l = 0; l < leadCount; l++) {
        samples.add(Int16Samples.pack(randomLead(random, 125, baseline, gain)));
      }
      List<Boolean> leadOff = switch (random.nextInt(3)) {
        case 0 -> List.of(); // no flags sent
        case 1 -> Collections.nCopies(leadCount, false);
        default -> randomFlags(random, leadCount);
      };
      EcgFrame sent = EcgFrame.newBuilder()
          .setDeviceId("monitor-" + random.nextInt(4)).setSeq(f).setDeviceTimeMillis(T0 + f * 250L).setSampleRateHz(500)
          .setGainPerMv(gain).setBaselineAdc(baseline).setLeads(StandardLeads.TWELVE.subList(0, leadCount))
          .setSamples(samples).setLeadOff(leadOff)
          .setPatientId(random.nextInt(4) == 0 ? null : "patient-" + f + (f % 7 == 0 ? "-\u00fc\u00df-\u6d4b" : ""))
          .setBedId(random.nextInt(4) == 0 ? null : "bed-" + random.nextInt(200))
          .build();
      EcgFrame decoded = FRAMES.deserialize(FRAMES.serialize(sent));
      byTable = tableAtOnce();

      Violation verdict = validator.check(decoded.getDeviceId(), decoded, decoded.getDeviceTimeMillis());
      assertThat(verdict).isEqualTo(ShortArrayReference.sampleRange(decoded));
      refused += verdict == null ? 0 : 1;
      assertSameCanonicalBytes(decoded);
      assertSameCanonicalBytes(withSamples(decoded, direct(decoded.getSamples())));
      assertSameCanonicalBytes(withSamples(decoded, offsetInTheirArrays(decoded.getSamples())));
    }
    // Both verdicts occur, or the comparison above proved little.
    assertThat(refused).isBetween(100, 2_900);
  }

  private void assertSameCanonicalBytes(EcgFrame bound) {
    long timestamp = bound.getDeviceTimeMillis() + (bound.getSeq() % 3 == 0 ? 60_000 : 250);
    long gap = bound.getSeq() % 5 == 0 ? 750 : 0;
    byte[] expected = FRAMES.serialize(ShortArrayReference.normalise(bound, gap, timestamp, config.flatLineMaxMicrovolts(),
        config.maxClockDriftMillis()));
    for (FrameNormaliser normaliser : List.of(byFormula, byTable, asIngestRuns)) {
      assertThat(FRAMES.serialize(normaliser.normalise(bound, gap, timestamp))).isEqualTo(expected);
      // What ingest sends: normalised straight into Avro's bytes, by one encoder reused frame after frame.
      assertThat(normaliser.normaliseEncoded(bound, gap, timestamp, encoder)).isEqualTo(expected);
    }
  }

  private FrameNormaliser tableAtOnce() {
    return new FrameNormaliser(config.flatLineMaxMicrovolts(), config.maxClockDriftMillis(), new CanonicalLookup(0));
  }

  /** Samples near the baseline, anywhere in int16, invalid, at the rails, and flat stretches. */
  private static short[] randomLead(Random random, int n, int baseline, float gain) {
    short[] adc = new short[n];
    int kind = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      int a = switch (kind) {
        case 0 -> baseline + (int) (random.nextGaussian() * gain * 0.5); // an ECG of about 1 mV
        case 1 -> random.nextInt(65_536) - 32_768;
        case 2 -> baseline + random.nextInt(5) - 2; // flat
        case 3 -> random.nextInt(8) == 0 ? Int16Samples.INVALID : baseline + (int) (random.nextGaussian() * gain);
        case 4 -> random.nextBoolean() ? Short.MAX_VALUE : Short.MIN_VALUE + 1; // railed
        default -> new int[] {Short.MIN_VALUE, Short.MIN_VALUE + 1, Short.MAX_VALUE, 0, baseline}[random.nextInt(5)];
      };
      adc[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, a));
    }
    return adc;
  }

  private static List<Boolean> randomFlags(Random random, int n) {
    List<Boolean> flags = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      flags.add(random.nextBoolean());
    }
    return flags;
  }

  private static EcgFrame withSamples(EcgFrame frame, List<ByteBuffer> samples) {
    return EcgFrame.newBuilder(frame).setSamples(samples).build();
  }

  /** The same samples in direct buffers (no array: the copying path). */
  private static List<ByteBuffer> direct(List<ByteBuffer> samples) {
    List<ByteBuffer> out = new ArrayList<>();
    for (ByteBuffer b : samples) {
      ByteBuffer d = ByteBuffer.allocateDirect(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
      d.put(b.duplicate()).flip();
      out.add(d);
    }
    return out;
  }

  /** The same samples in slices that start part-way into a larger array, with a position of their own. */
  private static List<ByteBuffer> offsetInTheirArrays(List<ByteBuffer> samples) {
    List<ByteBuffer> out = new ArrayList<>();
    for (ByteBuffer b : samples) {
      byte[] bigger = new byte[b.remaining() + 7];
      b.duplicate().get(bigger, 5, b.remaining());
      ByteBuffer slice = ByteBuffer.wrap(bigger, 3, b.remaining() + 2).slice();
      slice.position(2);
      out.add(slice);
    }
    return out;
  }
}
