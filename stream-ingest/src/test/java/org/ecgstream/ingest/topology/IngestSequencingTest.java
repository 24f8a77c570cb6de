package org.ecgstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.ingest.topology.IngestHarness.FRAME_MILLIS;
import static org.ecgstream.ingest.topology.IngestHarness.T0;
import static org.ecgstream.ingest.topology.IngestHarness.frame;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * De-duplication by (device, sequence number), reordering within the bound (2 s by default), gap
 * markers and LATE frames: each test states the sequence numbers sent and exactly what comes out.
 */
class IngestSequencingTest {

  private static final String DEVICE = "monitor-1";

  private IngestHarness ingest;

  @BeforeEach
  void start() {
    ingest = new IngestHarness();
    ingest.admit(DEVICE, "patient-1", "bed-1", T0);
  }

  @AfterEach
  void stop() {
    ingest.close();
  }

  @Test
  void framesInOrderPassThroughWithoutGaps() {
    send(0, 1, 2, 3);

    List<KeyValue<String, EcgFrame>> out = ingest.framesOut();
    assertThat(out).extracting(kv -> kv.value.getSeq()).containsExactly(0L, 1L, 2L, 3L);
    assertThat(out).extracting(kv -> kv.value.getQuality().getGapBeforeMillis()).containsOnly(0L);
  }

  @Test
  void exactDuplicateIsDroppedAndCountedNotDeadLettered() {
    send(0, 1, 1, 2, 0);

    assertThat(ingest.seqsOut()).containsExactly(0L, 1L, 2L);
    assertThat(ingest.deadLettersOut()).isEmpty();
    assertThat(ingest.metrics.duplicatesDropped()).isEqualTo(2);
  }

  @Test
  void sameSequenceNumberWithDifferentContentIsDeadLetteredAsDuplicateSequence() {
    send(0, 1);
    ingest.send(EcgFrame.newBuilder(frame(DEVICE, 1)).setGainPerMv(100f).build());

    assertThat(ingest.seqsOut()).containsExactly(0L, 1L);
    assertThat(ingest.reasonsOut()).containsExactly("DUPLICATE_SEQUENCE");
  }

  @Test
  void duplicateOfAFrameStillHeldForReorderingIsDropped() {
    send(0, 2, 2, 1);

    assertThat(ingest.seqsOut()).containsExactly(0L, 1L, 2L);
    assertThat(ingest.metrics.duplicatesDropped()).isEqualTo(1);
  }

  @Test
  void framesReorderedWithinTheBoundLeaveInSequenceOrder() {
    send(0, 2, 3, 1, 5, 4);

    assertThat(ingest.seqsOut()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(ingest.framesOut()).isEmpty();
    assertThat(ingest.deadLettersOut()).isEmpty();
  }

  @Test
  void whenDeviceTimeRunsPastTheBoundIngestMovesOnAndMarksTheGap() {
    // 2 is lost; 3..11 wait for it until a frame more than 2 s (device time) after it arrives (seq 11 at +2.75 s).
    send(0, 1, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(ingest.seqsOut()).containsExactly(0L, 1L);

    send(11);

    List<KeyValue<String, EcgFrame>> out = ingest.framesOut();
    assertThat(out).extracting(kv -> kv.value.getSeq()).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    assertThat(out.get(0).value.getQuality().getGapBeforeMillis()).isEqualTo(FRAME_MILLIS);
    assertThat(out.subList(1, out.size())).extracting(kv -> kv.value.getQuality().getGapBeforeMillis()).containsOnly(0L);
    assertThat(ingest.metrics.gaps()).isEqualTo(1);
  }

  @Test
  void whenTheDeviceGoesQuietHeldFramesLeaveAfterTheBoundInWallTime() {
    send(0, 3);
    ingest.advanceWallClock(1_999);
    assertThat(ingest.seqsOut()).containsExactly(0L);

    ingest.advanceWallClock(1_001);

    List<KeyValue<String, EcgFrame>> out = ingest.framesOut();
    assertThat(out).extracting(kv -> kv.value.getSeq()).containsExactly(3L);
    assertThat(out.get(0).value.getQuality().getGapBeforeMillis()).isEqualTo(2 * FRAME_MILLIS);
  }

  @Test
  void frameArrivingAfterIngestMovedOnIsDeadLetteredLate() {
    send(0, 2);
    ingest.advanceWallClock(3_000);
    send(1);

    assertThat(ingest.seqsOut()).containsExactly(0L, 2L);
    assertThat(ingest.reasonsOut()).containsExactly("LATE");
  }

  @Test
  void lowerSequenceNumberLaterInDeviceTimeIsADeviceRestartNotLate() {
    send(0, 1, 2, 3);
    ingest.send(frame(DEVICE, 0, T0 + 10_000));
    ingest.send(frame(DEVICE, 1, T0 + 10_250));

    List<KeyValue<String, EcgFrame>> out = ingest.framesOut();
    assertThat(out).extracting(kv -> kv.value.getSeq()).containsExactly(0L, 1L, 2L, 3L, 0L, 1L);
    assertThat(out.get(4).value.getQuality().getGapBeforeMillis()).isEqualTo(10_000 - 4 * FRAME_MILLIS);
    assertThat(ingest.deadLettersOut()).isEmpty();
  }

  @Test
  void exactCopyOlderThanTheDeduplicationWindowIsDeadLetteredLateNotDroppedSilently() {
    // 60 s window = 240 frames of 250 ms; sequence numbers from before it are forgotten.
    byte[] first = EcgSerdes.frames().serialize(frame(DEVICE, 0));
    ingest.send(DEVICE, first);
    for (long seq = 1; seq <= 300; seq++) {
      ingest.send(frame(DEVICE, seq, T0 + seq * FRAME_MILLIS));
    }

    ingest.send(DEVICE, first);

    assertThat(ingest.seqsOut()).hasSize(301);
    assertThat(ingest.reasonsOut()).containsExactly("LATE");
    assertThat(ingest.metrics.duplicatesDropped()).isZero();
  }

  @Test
  void deduplicationMemoryStaysWithinTheWindowAlsoAfterADeviceRestart() {
    // 60 s window = 240 frames of 250 ms: one entry per slot, each overwritten a window later.
    for (long seq = 0; seq <= 1000; seq++) {
      ingest.send(frame(DEVICE, seq));
    }
    assertThat(ingest.seenEntries(DEVICE)).isEqualTo(240);

    // The device restarts its sequence numbers: the new run's frames take the same slots.
    long restart = T0 + 1001 * FRAME_MILLIS + 10_000;
    ingest.advanceWallClock(restart - T0); // device times stay within what ingest accepts as its clock's present
    for (long seq = 0; seq <= 1000; seq++) {
      ingest.send(frame(DEVICE, seq, restart + seq * FRAME_MILLIS));
    }

    assertThat(ingest.seqsOut()).hasSize(2002);
    assertThat(ingest.deadLettersOut()).isEmpty();
    assertThat(ingest.seenEntries(DEVICE)).isEqualTo(240);
  }

  @Test
  void devicesAreSequencedIndependently() {
    ingest.admit("monitor-2", "patient-2", "bed-2", T0);
    ingest.send(frame(DEVICE, 0));
    ingest.send(frame("monitor-2", 5));
    ingest.send(frame(DEVICE, 2));
    ingest.send(frame("monitor-2", 6));
    ingest.send(frame(DEVICE, 1));

    assertThat(ingest.framesOut()).extracting(kv -> kv.key + ":" + kv.value.getSeq())
        .containsExactly("patient-1:0", "patient-2:5", "patient-2:6", "patient-1:1", "patient-1:2");
  }

  private void send(long... seqs) {
    for (long seq : seqs) {
      ingest.send(frame(DEVICE, seq));
    }
  }
}
