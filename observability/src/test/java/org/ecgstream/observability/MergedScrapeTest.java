package org.ecgstream.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedScrapeTest {

  @Test
  void twoServicesInOneProcessGiveOneValidScrapeWithEachFamilyOnceAndBothServicesSamples() {
    PrometheusMeterRegistry ingest = ServiceMeterRegistry.create("ingest");
    PrometheusMeterRegistry dashboard = ServiceMeterRegistry.create("dashboard");
    ingest.counter("ingest.records.in").increment(3);
    dashboard.counter("dashboard.events.pushed").increment(5);
    // The same family in both (as the JVM's and the Kafka clients' are).
    ingest.counter("kafka.consumer.records").increment(1);
    dashboard.counter("kafka.consumer.records").increment(2);

    // Concatenating the two scrapes declares the JVM families twice: Prometheus (and the parser) refuse that.
    assertThatThrownBy(() -> PrometheusText.parse(ingest.scrape() + dashboard.scrape())).hasMessageContaining("second TYPE");

    PrometheusText merged = PrometheusText.parse(new MergedScrape(List.of(ingest, dashboard)).get());
    assertThat(merged.named("ingest_records_in_total")).singleElement().satisfies(s -> {
      assertThat(s.labels()).containsEntry("service", "ingest");
      assertThat(s.value()).isEqualTo(3);
    });
    assertThat(merged.named("dashboard_events_pushed_total")).singleElement()
        .satisfies(s -> assertThat(s.labels()).containsEntry("service", "dashboard"));
    assertThat(merged.named("kafka_consumer_records_total")).extracting(s -> s.labels().get("service") + "=" + s.value())
        .containsExactlyInAnyOrder("ingest=1.0", "dashboard=2.0");
    assertThat(merged.named("jvm_threads_live_threads")).extracting(s -> s.labels().get("service"))
        .containsExactlyInAnyOrder("ingest", "dashboard");
  }
}
