package org.ecgstream.ingest.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;

/** Held frames in the reorder and unbound stores: the current format round trip, and format 1 still read. */
class ReceivedFrameSerdeTest {

  private static final EcgFrame FRAME = EcgFrame.newBuilder()
      .setDeviceId("monitor-3").setSeq(41).setDeviceTimeMillis(1_700_000_010_000L).setSampleRateHz(500).setGainPerMv(200f)
      .setLeads(List.of(Lead.II)).setSamples(List.of(Int16Samples.pack(new short[] {1, -2, 3, 400}))).build();
  private static final byte[] VALUE = EcgSerdes.frames().serialize(FRAME);
  private static final byte[] KEY = "monitor-3".getBytes(StandardCharsets.UTF_8);

  @Test
  void roundTripKeepsOriginGapAndRecordTimestamp() {
    RawRecord raw = new RawRecord("ecg.raw", 1, 77, KEY, VALUE, 1_700_000_011_000L, 1_700_000_010_300L);

    ReceivedFrame read = ReceivedFrameSerde.read(ReceivedFrameSerde.write(new ReceivedFrame(FRAME, raw, 500)));

    assertThat(read.gapBeforeMillis()).isEqualTo(500);
    assertThat(read.raw().timestampMillis()).isEqualTo(1_700_000_010_300L);
    assertThat(read.raw().arrivalWallMillis()).isEqualTo(1_700_000_011_000L);
    assertThat(read.raw().topic()).isEqualTo("ecg.raw");
    assertThat(read.raw().offset()).isEqualTo(77);
    assertThat(read.raw().value()).isEqualTo(VALUE);
    assertThat(read.frame()).isEqualTo(FRAME);
  }

  @Test
  void formatOneWrittenBeforeRecordTimestampsIsReadWithoutOne() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF("ecg.raw");
      out.writeInt(0);
      out.writeLong(12);
      out.writeLong(1_700_000_011_000L);
      out.writeLong(250);
      out.writeInt(KEY.length);
      out.write(KEY);
      out.writeInt(VALUE.length);
      out.write(VALUE);
    }

    ReceivedFrame read = ReceivedFrameSerde.read(bytes.toByteArray());

    assertThat(read.raw().timestampMillis()).isEqualTo(RawRecord.NO_TIMESTAMP);
    assertThat(read.gapBeforeMillis()).isEqualTo(250);
    assertThat(read.raw().offset()).isEqualTo(12);
    assertThat(read.frame().getSeq()).isEqualTo(41);
  }
}
