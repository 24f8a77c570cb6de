package org.ecgstream.local.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.local.demo.DemoDashboard;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard in a real browser (Debian's headless Chromium over the DevTools protocol) with a
 * scripted ward on the topics: what {@link DashboardPipelineBrowserTest} (the real alarm job) does
 * not produce, because that needs a model and minutes of signal: the model's labels and version in
 * the header, an advisory (LOW, cyan) and a MEDIUM (yellow) alarm beside a HIGH (red) one on the
 * ward, and a bed page drawing all twelve leads with the bed's alarms. Screenshots go to target/.
 */
class DashboardBrowserTest {

  private static final Duration STEP = Duration.ofSeconds(20);

  @Test
  @Timeout(90)
  void wardShowsLabelsModelVersionAndAlarmsOfEveryPriorityAndABedPageDrawsTwelveLeads() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
        "no /usr/bin/chromium: the browser test needs Debian's chromium package (apt-get install chromium); skipped");
    Path target = Path.of("target");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.onFreePort().start()) {
      String servers = broker.bootstrapServers();
      TopicProvisioner.ensureTopics(servers, EcgTopics.ALL);
      try (DemoDashboard demo = DemoDashboard.start(servers, 0)) {
        DashboardAckIntegrationTest.awaitTrue(STEP, () -> demo.dashboard().feedReady(), "dashboard feed assigned");
        URI url = demo.dashboard().url();
        try (ScriptedWard ward = new ScriptedWard(servers, List.of(
                BedScript.steady("monitor-01", "sim-patient-01", "bed-01", 72),
                BedScript.steady("monitor-02", "sim-patient-02", "bed-02", 150),
                new BedScript("monitor-03", "sim-patient-03", "bed-03", List.of(new RateChange(0, 110, Rhythm.ATRIAL_FIBRILLATION))),
                new BedScript("monitor-04", "sim-patient-04", "bed-04",
                    List.of(new RateChange(0, 70), new RateChange(2_000, 70, Rhythm.ASYSTOLE)))), 500);
            HeadlessChromium browser = HeadlessChromium.launch(1280, 760)) {
          long now = System.currentTimeMillis();
          ward.model(ModelVersion.newBuilder().setModelName("cmelt-tiny").setVersion("0.1.0").setUri("file:models/cmelt-tiny")
              .setSha256("0".repeat(64)).setStage("production").setChangedBy("trainer").setChangedAtMillis(now).build());

          browser.signIn(url, "demo", demo.password(), STEP);

          // Waveforms: the sweep of bed-01 has drawn a trace (lit pixels on its canvas).
          browser.awaitTrue(litPixels("#bed-bed-01 canvas") + " > 200", STEP, "document.getElementById('beds').innerText");

          // The scripted event: asystole at bed-04, as the rhythm detector raises it; a rate alarm at bed-02.
          ward.alarm(alarm("asystole-bed-04", "sim-patient-04", "bed-04", "ASYSTOLE", AlarmCategory.CLINICAL, AlarmPriority.HIGH,
              now, null, "no QRS for 4.0 s on any usable lead", Map.of("detector", "no QRS for 4.0 s on any usable lead")));
          ward.alarm(alarm("tachy-bed-02", "sim-patient-02", "bed-02", "TACHYCARDIA", AlarmCategory.CLINICAL, AlarmPriority.MEDIUM,
              now, 150.0, "heart rate 150 bpm above 120", Map.of("limitBpm", "120")));
          ward.alarm(alarm("af-bed-03", "sim-patient-03", "bed-03", "AF_SUSPECTED", AlarmCategory.ADVISORY, AlarmPriority.LOW,
              now, null, "atrial fibrillation suspected by cmelt-tiny@0.1.0", Map.of("score", "0.91")));
          ward.label(label("sim-patient-03", "bed-03", now, "atrial fibrillation", 0.91f, "sinus rhythm", 0.06f));
          ward.label(label("sim-patient-01", "bed-01", now, "sinus rhythm", 0.88f, "sinus bradycardia", 0.07f));

          String asystoleRow = "#bed-bed-04 .alarm[data-alarm-id='asystole-bed-04']";
          browser.awaitTrue("!!document.querySelector(\"" + asystoleRow + ".HIGH.state-RAISED\")", STEP,
              "document.getElementById('beds').innerText");
          browser.awaitTrue("!!document.querySelector(\"#bed-bed-03 .alarm[data-alarm-id='af-bed-03'].LOW\")", STEP,
              "document.getElementById('beds').innerText");
          assertThat(browser.evaluate("getComputedStyle(document.querySelector(\"" + asystoleRow + "\")).backgroundColor").asText())
              .isEqualTo("rgb(255, 59, 48)");
          assertThat(browser.evaluate("[...document.querySelectorAll('.bed.prio-HIGH, .bed.prio-MEDIUM, .bed.prio-LOW')]"
              + ".map(b => b.dataset.bed + ':' + b.className.split(' ').find(c => c.startsWith('prio-'))).join(',')").asText())
              .isEqualTo("bed-02:prio-MEDIUM,bed-03:prio-LOW,bed-04:prio-HIGH");
          assertThat(browser.evaluate("document.querySelector('#bed-bed-03 .labels').textContent").asText())
              .startsWith("atrial fibrillation 0.91");
          assertThat(browser.evaluate("document.querySelector('#models').textContent").asText()).contains("cmelt-tiny 0.1.0");
          // Let the sweeps cross most of their canvases before the picture (the README's).
          browser.awaitTrue("traces.get('bed-01').x > 0.8 * traces.get('bed-01').canvas.width", STEP, "traces.get('bed-01').x");
          browser.screenshot(target.resolve("dashboard-ward-scripted.png"));

          // A bed's page: all twelve leads sweep.
          browser.navigate(url.resolve("/bed?bed=bed-03"));
          browser.awaitTrue("document.querySelectorAll('.lead-row canvas').length === 12", STEP, "document.body.innerText");
          browser.awaitTrue("traces.get('V6') && traces.get('V6').x > 0.6 * traces.get('V6').canvas.width", STEP, "document.body.innerText");
          assertThat(browser.evaluate("document.getElementById('bed-info').innerText").asText()).contains("AF_SUSPECTED");
          browser.screenshot(target.resolve("dashboard-bed.png"));
        }
      }
    }
  }

  /** JavaScript: how many pixels of the canvas have been drawn on. */
  private static String litPixels(String selector) {
    return "(() => { const c = document.querySelector('" + selector + "'); if (!c || !c.width) return 0;"
        + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
        + " for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()";
  }

  private static Alarm alarm(String id, String patient, String bed, String kind, AlarmCategory category, AlarmPriority priority,
      long at, Double value, String message, Map<String, String> evidence) {
    return Alarm.newBuilder().setAlarmId(id).setStateSeq(0).setPatientId(patient).setBedId(bed).setKind(kind)
        .setCategory(category).setPriority(priority).setState(AlarmState.RAISED).setOnsetTimeMillis(at - 4000)
        .setEventTimeMillis(at).setValue(value).setUnit(value == null ? null : "bpm").setLimit(value == null ? null : 120.0)
        .setSource(category == AlarmCategory.ADVISORY ? "cmelt-tiny@0.1.0" : "rhythm-analysis")
        .setMessage(message).setEvidence(evidence).build();
  }

  private static EcgLabel label(String patient, String bed, long at, String first, float firstScore, String second, float secondScore) {
    return EcgLabel.newBuilder().setPatientId(patient).setBedId(bed).setWindowStartMillis(at - 10_000).setWindowEndMillis(at)
        .setModelName("cmelt-tiny").setModelVersion("0.1.0")
        .setScores(List.of(new LabelScore(first, firstScore), new LabelScore(second, secondScore))).build();
  }
}
