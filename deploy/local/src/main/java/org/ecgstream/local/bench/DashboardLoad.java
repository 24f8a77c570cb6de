package org.ecgstream.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.demo.DemoBeds;
import org.ecgstream.local.demo.DemoDashboard;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SimulatedBed;

/**
 * Load on the dashboard: {@code beds} simulated 12-lead beds stream in real time to ecg.frames (bound
 * to patient and bed, as ingest writes them) and their heart rate to ecg.vitals every 2 s (as the
 * alarm job writes it, at the bed's scripted rate), {@code clients} signed-in browsers read the ward stream
 * over HTTP, and {@code stalledClients} open it and never read (their bounded queues must overflow
 * and drop them). Measures what the dashboard's own threads cost in CPU, what each browser receives,
 * and how complete the lead II it receives is.
 */
public final class DashboardLoad {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Figures of one run. */
  public record Result(int beds, int clients, int stalledClients, double seconds, double recordsReadPerSecond,
      double dashboardCpuPercentOfOneCore, double processCpuPercentOfOneCore, double waveEventsPerClientPerSecond,
      double kilobytesPerClientPerSecond, double leadIiCompleteness, long clientsDropped, long eventsRefused,
      int wardRateHz, double vitalsEventsPerClientPerSecond, double vitalsCompleteness) {}

  /** How often the alarm job publishes each patient's vitals (its default vitals interval, ecg.vitals.interval). */
  private static final long VITALS_EVERY_MILLIS = 2_000;

  private DashboardLoad() {}

  public static Result run(String servers, int beds, int clients, int stalledClients, Duration duration, int sampleRateHz)
      throws Exception {
    try (DemoDashboard demo = DemoDashboard.start(servers, 0);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new ByteArraySerializer())) {
      long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!demo.dashboard().feedReady()) {
        if (System.nanoTime() > waitUntil) {
          throw new IllegalStateException("the dashboard did not assign its partitions within 30 s");
        }
        Thread.sleep(50); // polling the feed's state
      }
      URI base = demo.dashboard().url();
      String cookie = signIn(base, demo.password());
      long start = System.currentTimeMillis();
      List<SimulatedBed> fleet = new ArrayList<>();
      for (BedScript script : DemoBeds.ward(beds, duration, 1)) {
        fleet.add(new SimulatedBed(script, StandardLeads.TWELVE, sampleRateHz, 250, start, fleet.size() + 1));
      }
      List<WardReader> readers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        readers.add(new WardReader(base, cookie));
      }
      List<Socket> stalled = new ArrayList<>();
      for (int i = 0; i < stalledClients; i++) {
        stalled.add(stalledStream(base, cookie));
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long dashboardCpu0 = dashboardCpuNanos(threads);
      long processCpu0 = processCpuNanos();
      long read0 = demo.dashboard().recordsRead();
      long t0 = System.nanoTime();
      long end = t0 + duration.toNanos();
      long framesProduced = 0;
      long vitalsProduced = 0;
      long[] nextVitals = new long[fleet.size()];
      for (int i = 0; i < nextVitals.length; i++) {
        nextVitals[i] = start + VITALS_EVERY_MILLIS * (i + 1) / nextVitals.length; // spread over the slide, as windows of beds started apart
      }
      while (System.nanoTime() < end) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < fleet.size(); i++) {
          if (now >= nextVitals[i]) {
            BedScript script = fleet.get(i).script();
            PatientVitals v = PatientVitals.newBuilder().setPatientId(script.patientId()).setBedId(script.bedId())
                .setMeasuredAtMillis(nextVitals[i]).setSpanMillis(10_000).setHeartRateValid(true)
                .setHeartRateBpm(script.rateChanges().get(0).bpm()).setBeats(12).setSource("bench").build();
            producer.send(new ProducerRecord<>(EcgTopics.VITALS.name(), script.patientId(), EcgSerdes.vitals().serialize(v)));
            vitalsProduced++;
            nextVitals[i] += VITALS_EVERY_MILLIS;
          }
        }
        for (SimulatedBed bed : fleet) {
          while (bed.nextFrameTimeMillis() <= now) {
            EcgFrame f = bed.nextFrame();
            f.setPatientId(bed.script().patientId());
            f.setBedId(bed.script().bedId());
            producer.send(new ProducerRecord<>(EcgTopics.FRAMES.name(), bed.script().patientId(), EcgSerdes.frames().serialize(f)));
            framesProduced++;
          }
        }
        Thread.sleep(20); // pacing the beds at real time
      }
      producer.flush();
      Thread.sleep(1000); // the last frames' waves: one read and a few ticks
      double seconds = (System.nanoTime() - t0) / 1e9;
      long dashboardCpu = dashboardCpuNanos(threads) - dashboardCpu0;
      long processCpu = processCpuNanos() - processCpu0;
      long recordsRead = demo.dashboard().recordsRead() - read0;
      long waveEvents = 0;
      long bytes = 0;
      long samples = 0;
      long vitalsEvents = 0;
      long bedVitals = 0;
      for (WardReader r : readers) {
        r.close();
        waveEvents += r.waveEvents.get();
        bytes += r.bytes.get();
        samples += r.leadIiSamples.get();
        vitalsEvents += r.vitalsEvents.get();
        bedVitals += r.bedVitals.get();
      }
      for (Socket s : stalled) {
        s.close();
      }
      int wardRate = 125;
      // Lead II samples the frames produced hold at the ward's display rate (250 ms frames).
      double expectedSamplesPerClient = framesProduced * (wardRate / 4.0);
      return new Result(beds, clients, stalledClients, seconds, recordsRead / seconds,
          100.0 * dashboardCpu / 1e9 / seconds, 100.0 * processCpu / 1e9 / seconds,
          waveEvents / (double) clients / seconds, bytes / 1024.0 / clients / seconds,
          samples / (double) clients / expectedSamplesPerClient, demo.dashboard().hub().clientsDropped(),
          demo.dashboard().hub().eventsRefused(), wardRate, vitalsEvents / (double) clients / seconds,
          bedVitals / (double) clients / Math.max(1, vitalsProduced));
    }
  }

  /** CPU time of the dashboard's own threads: its Kafka feed, HTTP pool, ticker and ack producer. */
  private static long dashboardCpuNanos(ThreadMXBean threads) {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && (info.getThreadName().startsWith("dashboard-") || info.getThreadName().contains("ecg-dashboard"))) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        total += Math.max(0, cpu);
      }
    }
    return total;
  }

  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
  }

  private static String signIn(URI base, String password) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    String form = "username=" + DemoDashboard.USER + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "http://" + base.getAuthority())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 303) {
      throw new IllegalStateException("bench could not sign in: HTTP " + r.statusCode());
    }
    HttpCookie c = cookies.getCookieStore().getCookies().get(0);
    return c.getName() + "=" + c.getValue();
  }

  /** A browser that opens the ward stream and never reads it, with a tiny receive buffer so its backlog reaches the server soon. */
  private static Socket stalledStream(URI base, String cookie) throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()));
    OutputStream out = s.getOutputStream();
    out.write(("GET /api/events HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nCookie: " + cookie
        + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** A signed-in browser's ward stream, parsed: wave events, bytes and lead II samples received. */
  private static final class WardReader implements AutoCloseable {
    final AtomicLong waveEvents = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong leadIiSamples = new AtomicLong();
    final AtomicLong vitalsEvents = new AtomicLong();
    final AtomicLong bedVitals = new AtomicLong();
    private final InputStream stream;
    private final Thread thread;

    WardReader(URI base, String cookie) throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve("/api/events")).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("bench stream refused: HTTP " + r.statusCode());
      }
      stream = r.body();
      thread = new Thread(this::read, "bench-ward-reader");
      thread.setDaemon(true);
      thread.start();
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        String event = null;
        while ((line = in.readLine()) != null) {
          bytes.addAndGet(line.length() + 1);
          if (line.startsWith("event: ")) {
            event = line.substring(7);
          } else if (line.startsWith("data: ") && "wave".equals(event)) {
            waveEvents.incrementAndGet();
            JsonNode wave = JSON.readTree(line.substring(6));
            wave.forEach(bed -> leadIiSamples.addAndGet(bed.path("uv").size()));
          } else if (line.startsWith("data: ") && "vitals".equals(event)) {
            vitalsEvents.incrementAndGet();
            bedVitals.addAndGet(JSON.readTree(line.substring(6)).size());
          }
        }
      } catch (Exception e) {
        // closed at the end of the run
      }
    }

    @Override
    public void close() throws Exception {
      stream.close();
      thread.join(2000);
    }
  }
}
