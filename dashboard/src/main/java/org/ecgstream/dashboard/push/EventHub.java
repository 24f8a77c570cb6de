package org.ecgstream.dashboard.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.ecgstream.dashboard.ward.WardState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to the connected browsers. State changes go to every browser as they happen;
 * waveforms go out in one batch per tick ({@link #tick}) and new vitals in one batch per second at
 * most, all beds' lead II and vitals to the ward views and each open bed's leads and vitals to that
 * bed's pages, so the number of events per browser per second does
 * not depend on the number of beds.
 */
public final class EventHub {

  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ClientStream> clients = new CopyOnWriteArrayList<>();
  private final AtomicLong eventsWritten = new AtomicLong();
  private final AtomicLong eventsRefused = new AtomicLong();
  private final AtomicLong clientsDropped = new AtomicLong();
  private volatile WardState ward;
  /** Vitals go out at most this often: beds' records are spread over their 2 s slide, so every tick would carry some. */
  private static final long VITALS_EVERY_NANOS = 1_000_000_000L;
  private final java.util.function.LongSupplier nanoTime;
  private long lastVitalsNanos;

  public EventHub() {
    this(System::nanoTime);
  }

  /** With the given monotonic clock, in nanoseconds (tests move it by hand). */
  EventHub(java.util.function.LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.lastVitalsNanos = nanoTime.getAsLong() - VITALS_EVERY_NANOS;
  }

  public void attach(WardState ward) {
    this.ward = ward;
  }

  public void add(ClientStream client) {
    clients.add(client);
    if (!client.view().ward()) {
      ward.watch(client.view().bedKey(), +1);
    }
  }

  /** Called by a stream when it closes, whatever the reason. */
  public void closed(ClientStream client) {
    if (clients.remove(client)) {
      if (!client.view().ward()) {
        ward.watch(client.view().bedKey(), -1);
      }
      if (client.overflowed()) {
        clientsDropped.incrementAndGet();
        LOG.info("event=dashboard_client_dropped reason=queue_full");
      }
    }
  }

  /** A state change (bed, alarm, labels, model) for every browser. */
  public void publish(String type, Object payload) {
    send(event(type, payload), c -> true);
  }

  /** Pushes the waveforms collected since the last tick; also a keep-alive comment so dead connections are noticed. */
  public void tick() {
    WardState w = ward;
    Map<String, Object> wave = w.drainWard();
    if (!wave.isEmpty()) {
      send(event("wave", wave), c -> c.view().ward());
    }
    long now = nanoTime.getAsLong();
    Map<String, Object> vitals = now - lastVitalsNanos >= VITALS_EVERY_NANOS ? w.drainVitals() : Map.of();
    if (!vitals.isEmpty()) {
      lastVitalsNanos = now;
      send(event("vitals", vitals), c -> c.view().ward());
      for (String bed : w.watchedBeds()) {
        Object own = vitals.get(bed);
        if (own != null) {
          send(event("vitals", Map.of(bed, own)), c -> bed.equals(c.view().bedKey()));
        }
      }
    }
    for (String bed : w.watchedBeds()) {
      Map<String, Object> leads = w.drainBed(bed);
      if (leads != null) {
        send(event("leads", leads), c -> bed.equals(c.view().bedKey()));
      }
    }
  }

  /** An SSE comment to every browser: keeps proxies from closing quiet streams and shows dead ones. */
  public void heartbeat() {
    send(": keep-alive\n\n", c -> true);
  }

  /** Ends every stream of a session (sign-out, expiry). */
  public void closeSession(String sessionId) {
    for (ClientStream c : clients) {
      if (c.sessionId().equals(sessionId)) {
        c.close();
      }
    }
  }

  /** Ends the streams whose session is no longer live. */
  public void closeExpired(Predicate<String> sessionLive) {
    for (ClientStream c : clients) {
      if (!sessionLive.test(c.sessionId())) {
        c.close();
      }
    }
  }

  public void closeAll() {
    clients.forEach(ClientStream::close);
  }

  public static String event(String type, Object payload) {
    try {
      return "event: " + type + "\ndata: " + JSON.writeValueAsString(payload) + "\n\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a " + type + " event as JSON", e);
    }
  }

  private void send(String event, Predicate<ClientStream> to) {
    for (ClientStream c : clients) {
      if (to.test(c)) {
        if (c.offer(event)) {
          eventsWritten.incrementAndGet();
        } else {
          eventsRefused.incrementAndGet();
        }
      }
    }
  }

  public int clientCount() {
    return clients.size();
  }

  /** Events queued for writing to browsers since start. */
  public long eventsWritten() {
    return eventsWritten.get();
  }

  /** Events not delivered because their browser was being dropped or had gone. */
  public long eventsRefused() {
    return eventsRefused.get();
  }

  /** Browsers dropped for not keeping up. */
  public long clientsDropped() {
    return clientsDropped.get();
  }
}
