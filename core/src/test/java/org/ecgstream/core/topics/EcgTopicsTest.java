package org.ecgstream.core.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EcgTopicsTest {

  @Test
  void everyTopicOfTheDesignIsDeclaredOnceWithADistinctName() {
    assertThat(EcgTopics.ALL).extracting(TopicSpec::name)
        .containsExactly("ecg.raw", "ecg.frames", "ecg.dlq", "ecg.admissions", "ecg.labels", "ecg.labels.shadow", "ecg.vitals", "ecg.alerts",
            "ecg.alerts.parked", "ecg.acks", "ecg.reports", "ecg.models", "ecg.truth");
  }

  @Test
  void bindingsAndModelVersionsAreCompactedAndStreamsAreNot() {
    assertThat(EcgTopics.ALL).filteredOn(TopicSpec::compacted).containsExactlyInAnyOrder(EcgTopics.ADMISSIONS, EcgTopics.MODELS);
  }

  @Test
  void framesAlertsAndVitalsArePartitionedAlikeSoPatientsStayOnOneTask() {
    assertThat(EcgTopics.FRAMES.partitions()).isEqualTo(EcgTopics.ALERTS.partitions()).isEqualTo(EcgTopics.VITALS.partitions());
  }
}
