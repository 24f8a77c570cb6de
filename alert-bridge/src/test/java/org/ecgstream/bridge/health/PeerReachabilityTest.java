package org.ecgstream.bridge.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.ecgstream.bridge.health.PeerReachability.Peer;
import org.ecgstream.observability.HealthStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Peers that accept a TCP connection are reachable; a closed port is named with its channel; answers are kept for a while. */
@Timeout(20)
class PeerReachabilityTest {

  @Test
  void listeningPeersAreReachableAndAClosedPortIsNamed() throws Exception {
    int closed;
    try (ServerSocket gone = new ServerSocket(0)) {
      closed = gone.getLocalPort();
    }
    try (ServerSocket alertManager = new ServerSocket(0)) {
      Peer hl7 = new Peer("hl7", "127.0.0.1", alertManager.getLocalPort());
      Peer fhir = new Peer("fhir", "127.0.0.1", closed);

      HealthStatus bothUp = new PeerReachability(List.of(hl7), Duration.ofSeconds(2), Duration.ZERO).check();
      HealthStatus fhirDown = new PeerReachability(List.of(hl7, fhir), Duration.ofSeconds(2), Duration.ZERO).check();

      assertThat(bothUp.up()).isTrue();
      assertThat(bothUp.detail()).isEqualTo("reachable: hl7 127.0.0.1:" + alertManager.getLocalPort());
      assertThat(fhirDown.up()).isFalse();
      assertThat(fhirDown.detail()).startsWith("fhir 127.0.0.1:" + closed + " unreachable (ConnectException")
          .doesNotContain("hl7");
    }
  }

  @Test
  void theAnswerIsKeptForTheCachePeriodSoProbesDoNotHammerTheAlertManager() throws Exception {
    PeerReachability reach;
    try (ServerSocket alertManager = new ServerSocket(0)) {
      reach = new PeerReachability(List.of(new Peer("hl7", "127.0.0.1", alertManager.getLocalPort())),
          Duration.ofSeconds(2), Duration.ofMinutes(5));
      assertThat(reach.check().up()).isTrue();
    }
    // The listener is gone, but within the cache period the kept answer stands.
    assertThat(reach.check().up()).isTrue();
  }
}
