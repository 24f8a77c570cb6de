package org.ecgstream.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.simulators.fleet.BedScript;
import org.junit.jupiter.api.Test;

/** The end-to-end benchmark's ward: what it scripts is what it expects alarms for. */
class EndToEndRunTest {

  @Test
  void everyFourthBedHasOneEventInsideTheRunAndTheRestStayQuiet() {
    Duration run = Duration.ofSeconds(60);
    List<BedScript> beds = EndToEndRun.beds(24, run);

    List<String> kinds = beds.stream().map(EndToEndRun::expectedKind).filter(Objects::nonNull).toList();
    assertThat(kinds).containsExactlyInAnyOrder(RhythmAlarms.ASYSTOLE, RhythmAlarms.ASYSTOLE,
        RhythmAlarms.VENTRICULAR_FIBRILLATION, RhythmAlarms.VENTRICULAR_FIBRILLATION,
        HeartRateLimitAlarms.HIGH, HeartRateLimitAlarms.HIGH);
    for (BedScript bed : beds) {
      // Events start after 15 s and end (at most 20 s later) before the run does.
      bed.rateChanges().stream().skip(1).forEach(c -> assertThat(c.atMillis()).isBetween(15_000L, run.toMillis()));
      assertThat(bed.rateAt(0)).isBetween(60.0, 99.0);
    }
    assertThat(beds).extracting(BedScript::patientId).doesNotHaveDuplicates();
  }
}
