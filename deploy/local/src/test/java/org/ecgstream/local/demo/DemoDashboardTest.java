package org.ecgstream.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DemoDashboardTest {

  @Test
  @Timeout(60)
  void takenPortFallsBackToAFreeOneAndEachRunHasItsOwnPassword() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      // No broker is needed to serve the sign-in page; the feed waits for one in the background.
      try (DemoDashboard demo = DemoDashboard.start("127.0.0.1:9", taken.getLocalPort())) {
        assertThat(demo.portWasTaken()).isTrue();
        assertThat(demo.dashboard().port()).isNotEqualTo(taken.getLocalPort()).isPositive();
        assertThat(demo.password()).hasSize(20).matches("[A-Za-z0-9]+");
        assertThat(demo.password()).isNotEqualTo(DemoDashboard.randomPassword(20));
        HttpResponse<String> login = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(demo.dashboard().url().resolve("/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.body()).doesNotContain(demo.password());
      }
    }
  }
}
