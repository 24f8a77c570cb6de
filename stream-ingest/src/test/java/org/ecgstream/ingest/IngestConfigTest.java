package org.ecgstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ingest settings: defaults as documented, Kafka settings ignored, bad values refused at start-up naming the key. */
class IngestConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    IngestConfig c = IngestConfig.defaults();

    assertThat(c.topics()).isEqualTo(IngestTopics.defaults());
    assertThat(c.reorderBoundMillis()).isEqualTo(2_000);
    assertThat(c.sampleRatesHz()).containsExactly(250, 300, 360, 500, 1000);
    assertThat(c.unboundHoldMillis()).isEqualTo(10_000);
    assertThat(c.inMemoryState()).isFalse();
  }

  @Test
  void settingsAreReadAndKafkaSettingsAlongsideAreIgnored() {
    IngestConfig c = IngestConfig.from(Map.of("ingest.reorder.bound.ms", "500", "ingest.topic.dlq", "site.dlq",
        "security.protocol", "SASL_SSL", "ingest.sample.rates.hz", "128, 500"));

    assertThat(c.reorderBoundMillis()).isEqualTo(500);
    assertThat(c.topics().deadLetters()).isEqualTo("site.dlq");
    assertThat(c.sampleRatesHz()).containsExactly(128, 500);
  }

  @Test
  void badValuesAreRefusedWithEveryKeyNamed() {
    assertThatThrownBy(() -> IngestConfig.from(Map.of("ingest.reorder.bound.ms", "-1", "ingest.gain.min.per.mv", "lots",
        "ingest.sample.rates.hz", "500,x", "ingest.state.store", "disk")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingest.reorder.bound.ms must be > 0")
        .hasMessageContaining("ingest.gain.min.per.mv: 'lots' is not a number")
        .hasMessageContaining("ingest.sample.rates.hz: 'x'")
        .hasMessageContaining("ingest.state.store must be rocksdb or in_memory");
  }

  @Test
  void aCopyWithOneSettingChangedKeepsTheOthers() {
    IngestConfig c = IngestConfig.defaults().with(IngestConfig.UNBOUND_HOLD, 1_500);

    assertThat(c.unboundHoldMillis()).isEqualTo(1_500);
    assertThat(c.reorderBoundMillis()).isEqualTo(2_000);
  }
}
