package org.ecgstream.flink.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;

/** ecg.reports records for the archive: a report decodes; garbage and tombstones are skipped, not fatal. */
class ReportDeserializerTest {

  @Test
  void reportDecodesAndUnreadableRecordsAreSkipped() throws Exception {
    EcgReport report = EcgReport.newBuilder().setRecordId("rec-1").setPatientId("p").setRecordingStartMillis(1_000)
        .setRecordingEndMillis(11_000).setText("Sinus rhythm.").build();
    ReportDeserializer deserializer = new ReportDeserializer();
    deserializer.open(null);
    List<EcgReport> out = new ArrayList<>();
    Collector<EcgReport> collector = new Collector<>() {
      @Override
      public void collect(EcgReport record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };

    deserializer.deserialize(record(EcgSerdes.reports().serialize(report)), collector);
    deserializer.deserialize(record("not a report".getBytes(StandardCharsets.UTF_8)), collector);
    deserializer.deserialize(record(null), collector);

    assertThat(out).containsExactly(report);
  }

  private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return new ConsumerRecord<>("ecg.reports", 0, 0, "rec-1".getBytes(StandardCharsets.UTF_8), value);
  }
}
