package org.ecgstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MitBihDatasetTest {

  private static MitBihDataset mitdb;

  @BeforeAll
  static void open() throws IOException {
    mitdb = MitBihDataset.open(SharedData.folder("mitdb"));
  }

  @Test
  void listsTheFortyEightRecords() {
    assertThat(mitdb.records()).hasSize(48).startsWith("100", "101").endsWith("234");
  }

  @Test
  void cutsRecordsIntoTenSecondRecordingsWithMliiAsLeadII() {
    List<Recording> first = mitdb.segments().limit(3).toList();

    assertThat(first).extracting(Recording::id).containsExactly("100/0", "100/10", "100/20");
    assertThat(first).allSatisfy(r -> {
      assertThat(r.length()).isEqualTo(3600);
      assertThat(r.sampleRateHz()).isEqualTo(360.0);
      assertThat(r.durationSeconds()).isEqualTo(10.0);
      assertThat(r.millivolts().keySet()).containsExactly(Lead.II, Lead.V5);
    });
  }

  @Test
  void thirtyMinuteRecordGivesOneHundredEightyWholeSegments() throws IOException {
    // 650,000 samples at 360 Hz = 1805.6 s: 180 whole 10 s segments, the 5.6 s tail dropped.
    assertThat(mitdb.segments("100")).hasSize(180);
  }

  @Test
  void recordWithoutMliiKeepsItsPrecordialLeads() throws IOException {
    Recording first = mitdb.segments("102").get(0);

    assertThat(first.millivolts().keySet()).containsExactly(Lead.V2, Lead.V5);
  }
}
