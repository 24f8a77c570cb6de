package org.ecgstream.flink.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

/** {@link ArchiveRecordings} alone, frames in an exact order: where recordings are cut and what they hold. */
class ArchiveRecordingsTest {

  private static final long T = 1_800_000_000_000L;

  @Test
  void repeatedFrameIsArchivedOnceAndTheOpenRecordingClosesWhenTheWatermarkPassesItsEnd() throws Exception {
    List<ArchivedRecording> out = run(List.of(frame(T, 0, 2), frame(T + 250, 125, 2), frame(T + 250, 125, 2),
        frame(T + 500, 250, 2)), Long.MAX_VALUE);

    assertThat(out).singleElement().satisfies(r -> {
      assertThat(r.getRecordId()).isEqualTo("p:" + T);
      assertThat(r.getStartMillis()).isEqualTo(T);
      short[] lead = Int16Samples.unpack(r.getSamples().get(0));
      assertThat(lead).hasSize(375);
      for (int i = 0; i < lead.length; i++) {
        assertThat(lead[i]).isEqualTo((short) i);
      }
    });
  }

  @Test
  void recordingStaysOpenWhileTheWatermarkIsWithinTheCloseDelay() throws Exception {
    // Ends at T + 500; the close delay is 1 s.
    assertThat(run(List.of(frame(T, 0, 2), frame(T + 250, 125, 2)), T + 1_499)).isEmpty();
    assertThat(run(List.of(frame(T, 0, 2), frame(T + 250, 125, 2)), T + 1_500)).hasSize(1);
  }

  @Test
  void changeOfLeadsOrAFlaggedGapClosesTheRecordingAtOnce() throws Exception {
    EcgFrame threeLeads = frame(T + 500, 250, 3);
    EcgFrame afterGap = frame(T + 750, 375, 3);
    afterGap.setQuality(FrameQuality.newBuilder().setGapBeforeMillis(40).build());

    List<ArchivedRecording> out = run(List.of(frame(T, 0, 2), frame(T + 250, 125, 2), threeLeads, afterGap), T);

    assertThat(out).extracting(ArchivedRecording::getStartMillis).containsExactly(T, T + 500);
    assertThat(out.get(0).getLeads()).hasSize(2);
    assertThat(out.get(1).getLeads()).hasSize(3);
  }

  @Test
  void recordingIsCutWhenTheNextFrameWouldMakeItLongerThanConfigured() throws Exception {
    List<EcgFrame> frames = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      frames.add(frame(T + 250L * i, 125 * i, 1));
    }
    // 1 s recordings at 4 frames of 250 ms each: [0, 1 s) [1 s, 2 s) closed at once, [2 s, 2.5 s) open.
    assertThat(run(frames, T)).extracting(r -> Int16Samples.count(r.getSamples().get(0)))
        .containsExactly(500, 500);
  }

  @Test
  void leadsFlaggedOffAreArchivedAsInvalidSamples() throws Exception {
    EcgFrame off = frame(T, 0, 2);
    off.setLeadOff(List.of(false, true));

    ArchivedRecording r = run(List.of(off), Long.MAX_VALUE).get(0);

    assertThat(Int16Samples.unpack(r.getSamples().get(0))[7]).isEqualTo((short) 7);
    assertThat(Int16Samples.unpack(r.getSamples().get(1))).containsOnly(Int16Samples.INVALID);
  }

  /** Frames in list order, then the watermark; recordings of 1 s, closed 1 s after their end. */
  private static List<ArchivedRecording> run(List<EcgFrame> frames, long watermark) throws Exception {
    var operator = new KeyedProcessOperator<>(new ArchiveRecordings(1_000, 1_000));
    try (var harness = new KeyedOneInputStreamOperatorTestHarness<String, EcgFrame, ArchivedRecording>(
        operator, EcgFrame::getPatientId, Types.STRING)) {
      harness.open();
      for (EcgFrame frame : frames) {
        harness.processElement(new StreamRecord<>(frame, frame.getDeviceTimeMillis()));
      }
      harness.processWatermark(watermark);
      return new ArrayList<>(harness.extractOutputValues());
    }
  }

  /** 250 ms at 500 Hz of patient p: sample i of every lead is {@code first + i}. */
  private static EcgFrame frame(long start, int first, int leads) {
    short[] adc = new short[125];
    for (int i = 0; i < adc.length; i++) {
      adc[i] = (short) (first + i);
    }
    List<java.nio.ByteBuffer> samples = new ArrayList<>();
    for (int l = 0; l < leads; l++) {
      samples.add(Int16Samples.pack(adc));
    }
    return EcgFrame.newBuilder()
        .setDeviceId("d").setSeq(start).setDeviceTimeMillis(start).setSampleRateHz(500).setGainPerMv(1000f)
        .setLeads(List.of(Lead.I, Lead.II, Lead.III).subList(0, leads)).setSamples(samples)
        .setLeadOff(Collections.nCopies(leads, false)).setPatientId("p").setBedId("b")
        .build();
  }
}
