package org.ecgstream.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.ecgstream.dashboard.ward.WardState;
import org.ecgstream.schemas.PatientVitals;
import org.junit.jupiter.api.Test;

/** Vitals reach browsers batched: one event per second at most, the ward all beds, a bed page its own. */
class EventHubVitalsTest {

  /** A browser connection that takes every write at once. */
  static final class RecordingSink implements EventSink {
    final List<String> written = new ArrayList<>();

    @Override
    public void write(String chunk, Runnable done, Consumer<Throwable> failed) {
      written.add(chunk);
      done.run();
    }

    @Override
    public void close() {}

    List<String> events(String type) {
      return written.stream().filter(e -> e.startsWith("event: " + type + "\n")).toList();
    }
  }

  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final EventHub hub = new EventHub(nanos::get);
  private final WardState ward = new WardState(125, 250, hub::publish);
  private final RecordingSink wardPage = new RecordingSink();
  private final RecordingSink bedPage = new RecordingSink();

  EventHubVitalsTest() {
    hub.attach(ward);
    hub.add(new ClientStream("s1", ClientStream.View.WARD, wardPage, 64, hub::closed));
    hub.add(new ClientStream("s2", new ClientStream.View("bed-02"), bedPage, 64, hub::closed));
  }

  @Test
  void aTickSendsTheWardEveryBedsNewVitalsInOneEventAndABedPageOnlyItsOwn() {
    ward.onVitals(vitals("p1", "bed-01", 72.0));
    ward.onVitals(vitals("p2", "bed-02", 150.0));

    hub.tick();

    assertThat(wardPage.events("vitals")).singleElement().satisfies(e -> assertThat(e).contains("\"bed-01\"", "\"bed-02\"", "150.0"));
    assertThat(bedPage.events("vitals")).singleElement().satisfies(e -> assertThat(e).contains("\"bed-02\"").doesNotContain("bed-01"));
  }

  @Test
  void vitalsArrivingWithinASecondOfThePreviousPushWaitForTheNextSecond() {
    ward.onVitals(vitals("p1", "bed-01", 72.0));
    hub.tick();
    ward.onVitals(vitals("p1", "bed-01", 73.0));

    nanos.addAndGet(250_000_000L); // the next tick, 250 ms on
    hub.tick();
    assertThat(wardPage.events("vitals")).hasSize(1);

    nanos.addAndGet(750_000_000L);
    hub.tick();
    assertThat(wardPage.events("vitals")).hasSize(2);
    assertThat(wardPage.events("vitals").get(1)).contains("73.0");
  }

  private static PatientVitals vitals(String patient, String bed, double bpm) {
    return PatientVitals.newBuilder().setPatientId(patient).setBedId(bed).setMeasuredAtMillis(System.currentTimeMillis())
        .setSpanMillis(10_000).setHeartRateValid(true).setHeartRateBpm(bpm).setBeats(12).setSource("dsp:heart-rate").build();
  }
}
