package org.ecgstream.simulators.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.LeadOff;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.ecgstream.simulators.twelvelead.Finding;
import org.junit.jupiter.api.Test;

/** Reports on a simulated bed come from its script, one reading per report, signed a delay after the span. */
class BedReportsTest {

  private static final long START = 1_764_000_000_000L;

  /** Sinus 72 bpm, atrial fibrillation from 60 s, electrodes off 125-128 s, VT from 180 s. */
  private static final BedScript BED = new BedScript("dev-1", "patient-1", "bed-1",
      List.of(new RateChange(0, 72), new RateChange(60_000, 110, Rhythm.ATRIAL_FIBRILLATION),
          new RateChange(180_000, 170, Rhythm.VENTRICULAR_TACHYCARDIA)),
      List.of(new LeadOff(125_000, 128_000)), BedScript.DEMO_NOISE_MV, null);

  @Test
  void oneReportPerMinuteOnItsTenSecondsSignedThirtySecondsAfterAndNoneWhileElectrodesAreOff() {
    List<EcgReport> reports = new BedReports(BedReports.Settings.defaults(), 3).reportsFor(BED, START, 240_000);

    // Spans at 0, 60, 120 (electrodes off: none) and 180 s.
    assertThat(reports).extracting(EcgReport::getRecordingStartMillis)
        .containsExactly(START, START + 60_000, START + 180_000);
    assertThat(reports).allSatisfy(r -> {
      assertThat(r.getRecordingEndMillis() - r.getRecordingStartMillis()).isEqualTo(10_000);
      assertThat(r.getSignedAtMillis()).isEqualTo(r.getRecordingEndMillis() + 30_000);
      assertThat(r.getPatientId()).isEqualTo("patient-1");
      assertThat(r.getRecordId()).isEqualTo("sim-report:patient-1:" + r.getRecordingStartMillis());
      assertThat(r.getText()).isNotBlank();
    });
    assertThat(reports.get(0).getText().toLowerCase()).doesNotContain("flimmern", "fibrillation");
    assertThat(reports.get(2).getText().toLowerCase()).containsAnyOf("ventrikuläre tachykardie", "ventricular tachycardia");
  }

  @Test
  void aSpanWithAChangeOfRhythmGetsNoReport() {
    BedReports reports = new BedReports(new BedReports.Settings(Duration.ofSeconds(20), Duration.ofSeconds(10),
        Duration.ZERO), 1);

    // 50-60 s is sinus, 60-70 s AF: only a span wholly inside one reading is reported.
    assertThat(reports.textFor(BED, 55_000, 65_000)).isEmpty();
    assertThat(reports.textFor(BED, 60_000, 70_000)).isPresent();
  }

  @Test
  void groundTruthOfABedNamesItsRhythmByRateAndItsStShift() {
    assertThat(BedReports.truthOf(Rhythm.SINUS, 72, 0).orElseThrow().findings())
        .containsExactly(Finding.SINUS_RHYTHM, Finding.NORMAL_ECG);
    assertThat(BedReports.truthOf(Rhythm.SINUS, 45, 0).orElseThrow().findings()).containsExactly(Finding.SINUS_BRADYCARDIA);
    assertThat(BedReports.truthOf(Rhythm.SINUS, 130, 0.2).orElseThrow().findings())
        .containsExactly(Finding.SINUS_TACHYCARDIA, Finding.ST_ELEVATION);
    assertThat(BedReports.truthOf(Rhythm.ATRIAL_FIBRILLATION, 110, -0.1).orElseThrow().findings())
        .containsExactly(Finding.ATRIAL_FIBRILLATION, Finding.ST_DEPRESSION);
    assertThat(BedReports.truthOf(Rhythm.VENTRICULAR_FIBRILLATION, 300, 0)).isEmpty();
  }

  @Test
  void reportsBeforeTheirRecordingEndsOrOverlappingOnABedAreRefused() {
    assertThatThrownBy(() -> new BedReports.Settings(Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(-1)))
        .hasMessageContaining("before its recording ends");
    assertThatThrownBy(() -> new BedReports.Settings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ZERO))
        .hasMessageContaining("at least a span apart");
  }
}
