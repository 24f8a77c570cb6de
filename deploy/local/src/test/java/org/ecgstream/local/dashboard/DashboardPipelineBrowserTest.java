package org.ecgstream.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.demo.AlarmPrinter;
import org.ecgstream.local.demo.DemoDashboard;
import org.ecgstream.local.demo.LocalPipeline;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.FleetPublisher;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real browser (Debian's headless Chromium over the DevTools protocol) against
 * the real pipeline, as {@code ./ecg demo} runs it: embedded broker, ingest, the Flink alarm job and
 * the demo's dashboard, fed by two simulated 12-lead beds through {@code ecg.raw} in real time.
 * Bed 01 beats at 72 bpm throughout; bed 02 at 70 bpm until its asystole at 15 s. The page draws
 * the waveforms, shows the job's heart rate near the scripted one, the job's ASYSTOLE alarm in red
 * and "--" asystole as bed 02's rate; pressing Acknowledge makes the job publish ACKNOWLEDGED with
 * the signed-in user, and the page shows it. The ward picture is {@code target/dashboard.png}; with
 * {@code -Decg.docs.screenshot=../../docs/dashboard.png} it also becomes the README's picture.
 */
class DashboardPipelineBrowserTest {

  private static final Duration STEP = Duration.ofSeconds(45);
  private static final long ASYSTOLE_AT_MILLIS = 15_000;

  @Test
  @Timeout(150)
  void realAlarmJobsHeartRateAndAsystoleAlarmShowAndAcknowledgeFromThePageReachesTheJob() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
        "no /usr/bin/chromium: the browser test needs Debian's chromium package (apt-get install chromium); skipped");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      String servers = broker.bootstrapServers();
      // Half-second checkpoints: alerts and vitals become visible to read_committed readers sooner.
      AlarmJobConfig job = AlarmJobConfig.defaults(servers).on(servers, "browser-e2e", Duration.ofMillis(500));
      try (LocalPipeline pipeline = LocalPipeline.start(servers, job, 1);
          DemoDashboard demo = DemoDashboard.start(servers, 0);
          AlarmPrinter alerts = new AlarmPrinter(servers, EcgTopics.ALERTS.name(), new PrintStream(OutputStream.nullOutputStream()));
          HeadlessChromium browser = HeadlessChromium.launch(1280, 640);
          Ward ward = new Ward(servers)) {
        DashboardAckIntegrationTest.awaitTrue(STEP, () -> demo.dashboard().feedReady(), "dashboard feed assigned");
        ward.start();

        browser.signIn(demo.dashboard().url(), "demo", demo.password(), STEP);

        // Waveforms: ingest's frames reach the page and bed 01's sweep lights its canvas.
        browser.awaitTrue(litPixels("#bed-bed-01 canvas") + " > 200", STEP, "document.getElementById('beds').innerText");
        // The job's heart rate, near the scripted 72 bpm.
        browser.awaitTrue("Math.abs(" + heartRate("bed-01") + " - 72) <= 4", STEP, "document.querySelector('#bed-bed-01 .hr').innerText");

        // The scripted asystole: the job's ASYSTOLE alarm, HIGH, in red; its rate turns to -- asystole.
        String findRow = "[...document.querySelectorAll('#bed-bed-02 .alarm')].find(r => r.querySelector('.kind').textContent === 'ASYSTOLE')";
        browser.awaitTrue("!!" + findRow, Duration.ofSeconds(60), "document.getElementById('beds').innerText");
        String alarmId = browser.evaluate(findRow + ".dataset.alarmId").asText();
        String row = "#bed-bed-02 .alarm[data-alarm-id='" + alarmId + "']";
        assertThat(browser.evaluate("document.querySelector(\"" + row + "\").className").asText()).contains("HIGH", "state-RAISED");
        assertThat(browser.evaluate("getComputedStyle(document.querySelector(\"" + row + "\")).backgroundColor").asText())
            .isEqualTo("rgb(255, 59, 48)");
        browser.awaitTrue("document.querySelector('#bed-bed-02 .hr').innerText.replace(/\\s+/g, ' ') === 'HR -- asystole'", STEP,
            "document.querySelector('#bed-bed-02 .hr').innerText");
        assertThat(browser.evaluate(heartRate("bed-01")).asDouble()).as("bed 01 still beats").isBetween(68.0, 76.0);
        // Let the sweeps cross most of their canvases before the picture.
        browser.awaitTrue("traces.get('bed-01').x > 0.8 * traces.get('bed-01').canvas.width", STEP, "traces.get('bed-01').x");
        // The two cards and the header: the README's picture.
        browser.screenshot(Path.of("target", "dashboard.png"), 645, 212);
        String docs = System.getProperty("ecg.docs.screenshot");
        if (docs != null) {
          browser.screenshot(Path.of(docs), 645, 212);
        }

        // Acknowledge with a real click: the job, not the test, publishes ACKNOWLEDGED with the user.
        browser.click(row + " button.ack");
        browser.awaitTrue("!!document.querySelector(\"" + row + ".state-ACKNOWLEDGED\")", STEP,
            "document.querySelector('#bed-bed-02').innerText");
        Alarm acknowledged = alerts.alarms().stream()
            .filter(a -> a.getAlarmId().equals(alarmId) && a.getState() == AlarmState.ACKNOWLEDGED).findFirst().orElseThrow();
        assertThat(acknowledged.getKind()).isEqualTo("ASYSTOLE");
        assertThat(acknowledged.getEvidence()).containsEntry("acknowledgedBy", DemoDashboard.USER).containsEntry("acknowledgedVia", "dashboard");
        assertThat(acknowledged.getEventTimeMillis() - ward.startMillis()).as("scripted asystole first").isGreaterThan(ASYSTOLE_AT_MILLIS);
        assertThat(browser.evaluate("document.querySelector(\"" + row + "\").innerText").asText())
            .contains("acknowledgedBy=demo").doesNotContain("Acknowledge\n");
        browser.screenshot(Path.of("target", "dashboard-acknowledged.png"));
        assertThat(ward.failure()).isNull();
      }
    }
  }

  /** JavaScript: the number a bed's card shows as heart rate, or NaN for "--". */
  private static String heartRate(String bed) {
    return "(() => { const v = document.querySelector('#bed-" + bed + " .hr-value'); return v ? Number(v.textContent) : NaN; })()";
  }

  /** JavaScript: how many pixels of the canvas have been drawn on. */
  private static String litPixels(String selector) {
    return "(() => { const c = document.querySelector('" + selector + "'); if (!c || !c.width) return 0;"
        + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        + " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()";
  }

  /** The two simulated beds publishing to ecg.raw (with their admissions) in real time, on a thread of their own. */
  private static final class Ward implements AutoCloseable {
    private final FleetPublisher publisher;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private Thread thread;
    private volatile long startMillis;

    Ward(String servers) {
      this.publisher = new FleetPublisher(new FleetPublisher.Settings(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), EcgTopics.RAW.name(), EcgTopics.ADMISSIONS.name(), 1));
    }

    void start() {
      startMillis = System.currentTimeMillis();
      List<SimulatedBed> beds = List.of(
          new SimulatedBed(BedScript.steady("monitor-01", "sim-patient-01", "bed-01", 72), StandardLeads.TWELVE, 500, 250, startMillis, 1),
          new SimulatedBed(new BedScript("monitor-02", "sim-patient-02", "bed-02",
              List.of(new RateChange(0, 70), new RateChange(ASYSTOLE_AT_MILLIS, 70, Rhythm.ASYSTOLE))),
              StandardLeads.TWELVE, 500, 250, startMillis, 2));
      thread = new Thread(() -> {
        try {
          publisher.run(beds, Duration.ofMinutes(3), Duration.ofMinutes(5), progress -> {});
        } catch (Throwable t) {
          failure.set(t);
        }
      }, "simulated-ward");
      thread.start();
    }

    long startMillis() {
      return startMillis;
    }

    Throwable failure() {
      return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
      publisher.stop();
      if (thread != null) {
        thread.join(10_000);
      }
      publisher.close();
    }
  }
}
