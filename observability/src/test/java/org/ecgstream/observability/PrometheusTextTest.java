package org.ecgstream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The reader takes what Prometheus takes and refuses what it would refuse. */
class PrometheusTextTest {

  @Test
  void readsSamplesLabelsTypesAndSpecialValues() {
    PrometheusText text = PrometheusText.parse(String.join("\n",
        "# HELP ingest_dead_letters_total Records written to the dead-letter topic",
        "# TYPE ingest_dead_letters_total counter",
        "ingest_dead_letters_total{reason=\"LATE\",service=\"ingest\",} 4.0",
        "ingest_dead_letters_total{reason=\"say \\\"hi\\\"\"} 1.0 1700000000000",
        "# TYPE flink_jobmanager_job_lastCheckpointDuration gauge",
        "flink_jobmanager_job_lastCheckpointDuration NaN",
        "x_max +Inf",
        ""));

    assertThat(text.names()).containsExactly("ingest_dead_letters_total", "flink_jobmanager_job_lastCheckpointDuration", "x_max");
    assertThat(text.types()).containsEntry("ingest_dead_letters_total", "counter");
    assertThat(text.named("ingest_dead_letters_total").get(0).labels()).containsEntry("reason", "LATE").containsEntry("service", "ingest");
    assertThat(text.named("ingest_dead_letters_total").get(1).labels()).containsEntry("reason", "say \"hi\"");
    assertThat(text.named("flink_jobmanager_job_lastCheckpointDuration").get(0).value()).isNaN();
  }

  @Test
  void aMalformedLineFailsWithItsNumber() {
    assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbad-name 2\n")).hasMessageContaining("line 2");
    assertThatThrownBy(() -> PrometheusText.parse("a{reason=LATE} 1\n")).hasMessageContaining("malformed labels");
    assertThatThrownBy(() -> PrometheusText.parse("a 1.2.3\n")).hasMessageContaining("not a number");
  }
}
