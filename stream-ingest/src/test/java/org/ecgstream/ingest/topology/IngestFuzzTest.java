package org.ecgstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.ingest.topology.IngestHarness.T0;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.ingest.deadletter.RejectReason;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 100,000 random and malformed records through the topology: truncated bytes, wrong fingerprints,
 * random bytes, NaN and huge values, negative rates, absurd sizes, duplicated, reordered, delayed
 * and lost frames, devices never admitted. The app must keep going, no exact duplicate may reach
 * ecg.frames, and every record must be accounted for:
 * frames out + dead letters + exact duplicates dropped = records in.
 */
class IngestFuzzTest {

  private static final long SEED = 20_261_126L;
  private static final int RECORDS = 100_000;
  private static final int DEVICES = 12;
  private static final int ADMITTED = 10;
  private static final int SAMPLES = 50;
  private static final long FRAME_MILLIS = 100;

  @Test
  @Timeout(120)
  void hundredThousandHostileRecordsAreAllAccountedForAndTheAppKeepsGoing() {
    Random random = new Random(SEED);
    Fleet fleet = new Fleet(random);
    try (IngestHarness ingest = new IngestHarness()) {
      for (int d = 0; d < ADMITTED; d++) {
        ingest.admit(Fleet.device(d), "patient-" + d, "bed-" + d, T0 - 60_000);
      }
      Counts counts = new Counts();
      for (int i = 0; i < RECORDS; i++) {
        KeyValue<String, byte[]> record = fleet.next();
        ingest.send(record.key, record.value);
        if (i % 50 == 49) {
          ingest.advanceWallClock(500);
        }
        if (i % 5_000 == 4_999) {
          counts.drain(ingest);
        }
      }
      ingest.advanceWallClock(60_000);
      counts.drain(ingest);

      String seed = "seed " + SEED;
      assertThat(held(ingest, IngestTopology.REORDER_STORE)).as("frames still held for reordering").isEmpty();
      assertThat(held(ingest, IngestTopology.UNBOUND_STORE)).as("frames still held unbound").isEmpty();
      Map<RejectReason, Long> metered = new EnumMap<>(RejectReason.class);
      for (RejectReason r : RejectReason.values()) {
        metered.put(r, ingest.metrics.deadLetters(r));
      }
      assertThat(counts.byReason).as("dead letters by reason, on the topic vs metered " + metered).doesNotContainKey(RejectReason.PROCESSING_ERROR);
      assertThat(ingest.metrics.framesOut()).as("frames metered").isEqualTo(counts.frames);
      assertThat(ingest.metrics.deadLetters()).as("dead letters metered " + metered + " on topic " + counts.byReason).isEqualTo(counts.deadLetters);
      assertThat(ingest.metrics.recordsIn()).as(seed).isEqualTo(RECORDS);
      assertThat(counts.frames + counts.deadLetters + ingest.metrics.duplicatesDropped())
          .as("frames out + dead-lettered + exact duplicates dropped = records in (%s)", seed).isEqualTo(RECORDS);
      assertThat(ingest.metrics.framesOut()).isEqualTo(counts.frames);
      assertThat(ingest.metrics.deadLetters()).isEqualTo(counts.deadLetters);
      assertThat(counts.duplicateFramesOut).as("exact duplicates on ecg.frames").isEmpty();
      assertThat(counts.unboundFramesOut).as("frames of never-admitted devices on ecg.frames").isZero();
      assertThat(counts.byReason.keySet()).as("reasons seen").contains(RejectReason.UNDECODABLE, RejectReason.INVALID_LEADS,
          RejectReason.UNSUPPORTED_SAMPLE_RATE,
          RejectReason.INVALID_GAIN, RejectReason.INVALID_FRAME_LENGTH, RejectReason.SAMPLE_OUT_OF_RANGE,
          RejectReason.DEVICE_TIME_OUT_OF_RANGE, RejectReason.INVALID_SEQUENCE, RejectReason.KEY_MISMATCH,
          RejectReason.DUPLICATE_SEQUENCE, RejectReason.LATE, RejectReason.UNBOUND_DEVICE);
      assertThat(counts.byReason).doesNotContainKey(RejectReason.PROCESSING_ERROR);
      assertThat(ingest.metrics.duplicatesDropped()).isPositive();
      assertThat(ingest.metrics.gaps()).isPositive();
      assertThat(counts.frames).as("most valid frames get through").isGreaterThan(RECORDS / 3);

      // Still alive: a new device's first frame goes straight through.
      ingest.admit("monitor-new", "patient-new", "bed-new", T0);
      long wallNow = T0 + RECORDS * 10L + 60_000;
      ingest.send("monitor-new", EcgSerdes.frames().serialize(fleet.frame("monitor-new", 0, wallNow)));
      assertThat(ingest.framesOut()).extracting(kv -> kv.key).containsExactly("patient-new");
    }
  }

  private static List<String> held(IngestHarness ingest, String store) {
    List<String> keys = new ArrayList<>();
    org.apache.kafka.streams.state.KeyValueStore<String, Object> kv = ingest.driver.getKeyValueStore(store);
    try (var it = kv.all()) {
      it.forEachRemaining(e -> keys.add(e.key.replace('\u0000', '|')));
    }
    return keys;
  }

  /** What came out so far. */
  private static final class Counts {
    long frames;
    long deadLetters;
    long unboundFramesOut;
    final Map<RejectReason, Integer> byReason = new EnumMap<>(RejectReason.class);
    final Set<String> framesSeen = new HashSet<>();
    final List<String> duplicateFramesOut = new ArrayList<>();

    void drain(IngestHarness ingest) {
      for (KeyValue<String, EcgFrame> kv : ingest.framesOut()) {
        frames++;
        EcgFrame f = kv.value;
        if (!kv.key.equals(f.getPatientId())) {
          throw new AssertionError("frame keyed " + kv.key + " carries patient " + f.getPatientId());
        }
        if (f.getDeviceId().startsWith("never-admitted")) {
          unboundFramesOut++;
        }
        String identity = f.getDeviceId() + "/" + f.getSeq() + "/" + f.getDeviceTimeMillis();
        if (!framesSeen.add(identity)) {
          duplicateFramesOut.add(identity);
        }
      }
      for (RejectedRecord r : ingest.deadLettersOut()) {
        deadLetters++;
        byReason.merge(RejectReason.valueOf(r.getReasonCode()), 1, Integer::sum);
      }
    }
  }

  /** Devices sending good frames, and everything that goes wrong on the way. */
  private static final class Fleet {
    final Random random;
    final long[] nextSeq = new long[DEVICES];
    final Map<Integer, byte[]> stashed = new HashMap<>();
    final Deque<KeyValue<String, byte[]>> recent = new ArrayDeque<>();
    final Deque<Object[]> delayed = new ArrayDeque<>();
    int sent;

    Fleet(Random random) {
      this.random = random;
    }

    static String device(int d) {
      return d < ADMITTED ? "monitor-" + d : "never-admitted-" + d;
    }

    KeyValue<String, byte[]> next() {
      sent++;
      if (!delayed.isEmpty() && (int) delayed.peekFirst()[0] <= sent) {
        @SuppressWarnings("unchecked")
        KeyValue<String, byte[]> due = (KeyValue<String, byte[]>) delayed.pollFirst()[1];
        return due;
      }
      int d = random.nextInt(DEVICES);
      String device = device(d);
      double p = random.nextDouble();
      if (p < 0.40) {
        return remember(KeyValue.pair(device, good(d)));
      }
      if (p < 0.48 && !recent.isEmpty()) {
        return pick(recent);                                           // exact duplicate
      }
      if (p < 0.54) {                                                   // reordered: n+1 now, n on the next turn
        byte[] earlier = stashed.remove(d);
        if (earlier != null) {
          return remember(KeyValue.pair(device, earlier));
        }
        byte[] first = good(d);
        stashed.put(d, first);
        return remember(KeyValue.pair(device, good(d)));
      }
      if (p < 0.57) {                                                   // delayed by 1..4000 records: reordered or LATE
        delayed.addLast(new Object[] {sent + 1 + random.nextInt(4_000), KeyValue.pair(device, good(d))});
        return remember(KeyValue.pair(device, good(d)));
      }
      if (p < 0.60) {                                                   // lost frame: a gap
        nextSeq[d]++;
        return remember(KeyValue.pair(device, good(d)));
      }
      if (p < 0.64) {                                                   // truncated
        byte[] bytes = good(d);
        return KeyValue.pair(device, Arrays.copyOf(bytes, random.nextInt(bytes.length)));
      }
      if (p < 0.67) {                                                   // random bytes, sometimes with a valid marker
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        if (bytes.length > 2 && random.nextBoolean()) {
          bytes[0] = (byte) 0xC3;
          bytes[1] = 0x01;
        }
        return KeyValue.pair(device, bytes);
      }
      if (p < 0.70) {                                                   // wrong fingerprint
        byte[] bytes = good(d);
        bytes[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
        return KeyValue.pair(device, bytes);
      }
      if (p < 0.73) {                                                   // flipped bytes in the body
        byte[] bytes = good(d);
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          bytes[10 + random.nextInt(bytes.length - 10)] ^= (byte) (1 + random.nextInt(255));
        }
        return KeyValue.pair(device, bytes);
      }
      if (p < 0.74) {                                                   // absurd length claimed for the first string
        byte[] bytes = Arrays.copyOf(good(d), 16);
        byte[] huge = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        System.arraycopy(huge, 0, bytes, 10, huge.length);
        return KeyValue.pair(device, bytes);
      }
      if (p < 0.76 && !recent.isEmpty()) {                             // a sequence number reused with other content
        KeyValue<String, byte[]> earlier = pick(recent);
        EcgFrame f = EcgSerdes.frames().deserialize(earlier.value);
        return KeyValue.pair(earlier.key, EcgSerdes.frames().serialize(
            frame(f.getDeviceId(), f.getSeq(), f.getDeviceTimeMillis())));
      }
      return KeyValue.pair(random.nextInt(50) == 0 ? "someone-else" : device, mutated(d));
    }

    /** A frame that decodes but breaks a rule (or, rarely, an absurdly long one). */
    byte[] mutated(int d) {
      EcgFrame.Builder f = EcgFrame.newBuilder(frame(device(d), nextSeq[d]++, timeOf(d)));
      switch (random.nextInt(11)) {
        case 0 -> f.setGainPerMv(Float.NaN);
        case 1 -> f.setGainPerMv(random.nextBoolean() ? 1e12f : -200f);
        case 2 -> f.setSampleRateHz(-random.nextInt(1_000_000));
        case 3 -> f.setSampleRateHz(random.nextInt(2000));
        case 4 -> f.setSamples(List.of(Int16Samples.pack(new short[random.nextInt(10) == 0 ? 100_000 : random.nextInt(4)])));
        case 5 -> f.setSamples(List.of(Int16Samples.pack(spike())));
        case 6 -> f.setDeviceTimeMillis(random.nextBoolean() ? Long.MAX_VALUE : f.getDeviceTimeMillis() - 10L * 86_400_000);
        case 7 -> f.setSeq(-1 - random.nextInt(1000));
        case 8 -> f.setLeads(List.of(Lead.II, Lead.II))
            .setSamples(List.of(Int16Samples.pack(new short[SAMPLES]), Int16Samples.pack(new short[SAMPLES])));
        case 9 -> f.setBaselineAdc(random.nextBoolean() ? Integer.MIN_VALUE : 1 << 20);
        default -> f.setLeads(List.of()).setSamples(List.of());
      }
      return EcgSerdes.frames().serialize(f.build());
    }

    short[] spike() {
      short[] adc = new short[SAMPLES];
      adc[random.nextInt(SAMPLES)] = (short) (7_000 + random.nextInt(20_000));
      return adc;
    }

    byte[] good(int d) {
      return EcgSerdes.frames().serialize(frame(device(d), nextSeq[d]++, timeOf(d)));
    }

    long timeOf(int d) {
      return T0 + nextSeq[d] * FRAME_MILLIS;
    }

    EcgFrame frame(String device, long seq, long time) {
      short[] adc = new short[SAMPLES];
      for (int i = 0; i < SAMPLES; i++) {
        adc[i] = (short) (random.nextInt(400) - 200);
      }
      return EcgFrame.newBuilder().setDeviceId(device).setSeq(seq).setDeviceTimeMillis(time).setSampleRateHz(500)
          .setGainPerMv(200f).setLeads(List.of(Lead.II)).setSamples(List.of(Int16Samples.pack(adc))).build();
    }

    KeyValue<String, byte[]> remember(KeyValue<String, byte[]> record) {
      recent.addLast(record);
      if (recent.size() > 200) {
        recent.pollFirst();
      }
      return record;
    }

    KeyValue<String, byte[]> pick(Deque<KeyValue<String, byte[]>> from) {
      int k = random.nextInt(from.size());
      for (KeyValue<String, byte[]> r : from) {
        if (k-- == 0) {
          return r;
        }
      }
      throw new IllegalStateException();
    }
  }
}
