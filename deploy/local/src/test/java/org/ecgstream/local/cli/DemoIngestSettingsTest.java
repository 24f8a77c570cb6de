package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.ecgstream.ingest.IngestConfig;
import org.junit.jupiter.api.Test;

/** The demo's ingest settings follow its speed: simulated clocks ahead of the wall clock are neither refused nor flagged. */
class DemoIngestSettingsTest {

  @Test
  void realTimeKeepsTheDefaultsAndFasterRunsAllowTheirLeadOverTheWallClock() {
    var realTime = DemoCommand.ingestSettings(1, Duration.ofMinutes(10));
    assertThat(realTime.get(IngestConfig.MAX_FUTURE.name())).isEqualTo(IngestConfig.MAX_FUTURE.defaultValue());
    assertThat(realTime.get(IngestConfig.MAX_CLOCK_DRIFT.name())).isEqualTo(IngestConfig.MAX_CLOCK_DRIFT.defaultValue());

    var fast = DemoCommand.ingestSettings(5, Duration.ofMinutes(10));
    long lead = Duration.ofMinutes(10).toMillis();
    assertThat(Long.parseLong(fast.get(IngestConfig.MAX_FUTURE.name()))).isGreaterThan(lead);
    assertThat(Long.parseLong(fast.get(IngestConfig.MAX_CLOCK_DRIFT.name()))).isGreaterThan(lead);
  }
}
