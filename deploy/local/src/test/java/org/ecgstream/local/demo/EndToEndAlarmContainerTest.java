package org.ecgstream.local.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same scenario against a real Kafka broker in a container. Skipped where no Docker engine
 * runs (as on the CI machine); the embedded variant covers the same path there.
 */
@Testcontainers(disabledWithoutDocker = true)
class EndToEndAlarmContainerTest {

  /** A broker of the 4.2 line, the line our clients are built against (root pom, kafka.version). */
  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.0");

  @Test
  @Timeout(300)
  void tachycardicBedAlarmsWithinFifteenSecondsAndSinusBedDoesNotOnKafkaContainer() throws Exception {
    EndToEndAlarmScenario.runAgainst(KAFKA.getBootstrapServers(), "container");
  }
}
