package org.ecgstream.bridge.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.observability.HealthCheck;
import org.ecgstream.observability.HealthStatus;

/**
 * Whether the hospital systems the bridge delivers to answer on TCP at all: a connect (and close,
 * no message) to the MLLP endpoint and to the FHIR server's host and port. The answer is kept for
 * {@code cacheFor}, so that probes every few seconds cost the Alert Manager one connection per period
 * at most. A TCP connect says nothing about TLS or credentials; those show as retries and parked
 * records.
 */
public final class PeerReachability implements HealthCheck {

  /** One peer: its channel name and address. */
  public record Peer(String channel, String host, int port) {
    @Override
    public String toString() {
      return channel + " " + host + ":" + port;
    }
  }

  private final List<Peer> peers;
  private final Duration connectTimeout;
  private final Duration cacheFor;
  private HealthStatus last;
  private long lastCheckedNanos;

  public PeerReachability(List<Peer> peers, Duration connectTimeout, Duration cacheFor) {
    this.peers = List.copyOf(peers);
    this.connectTimeout = connectTimeout;
    this.cacheFor = cacheFor;
  }

  /** The HL7 and FHIR peers of {@code config}. */
  public static PeerReachability of(BridgeConfig config) {
    List<Peer> peers = new ArrayList<>();
    config.hl7().ifPresent(e -> peers.add(new Peer("hl7", e.host(), e.port())));
    config.fhir().ifPresent(u -> peers.add(new Peer("fhir", u.getHost(), port(u))));
    return new PeerReachability(peers, Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }

  @Override
  public synchronized HealthStatus check() {
    long now = System.nanoTime();
    if (last == null || now - lastCheckedNanos > cacheFor.toNanos()) {
      last = probe();
      lastCheckedNanos = now;
    }
    return last;
  }

  private HealthStatus probe() {
    List<String> down = new ArrayList<>();
    for (Peer peer : peers) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(peer.host(), peer.port()), (int) connectTimeout.toMillis());
      } catch (IOException | IllegalArgumentException e) {
        down.add(peer + " unreachable (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
      }
    }
    return down.isEmpty()
        ? HealthStatus.up(peers.isEmpty() ? "no peers" : "reachable: " + String.join(", ", peers.stream().map(Peer::toString).toList()))
        : HealthStatus.down(String.join("; ", down));
  }
}
