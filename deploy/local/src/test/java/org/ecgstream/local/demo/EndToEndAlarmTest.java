package org.ecgstream.local.demo;

import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The walking skeleton on the embedded KRaft broker and a Flink MiniCluster, in this JVM. */
class EndToEndAlarmTest {

  @Test
  @Timeout(240)
  void tachycardicBedAlarmsWithinFifteenSecondsAndSinusBedDoesNotOnEmbeddedBroker() throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      EndToEndAlarmScenario.runAgainst(broker.bootstrapServers(), "embedded");
    }
  }
}
