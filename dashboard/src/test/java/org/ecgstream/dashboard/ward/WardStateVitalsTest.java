package org.ecgstream.dashboard.ward;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.dashboard.MutableClock;
import org.ecgstream.schemas.PatientVitals;
import org.junit.jupiter.api.Test;

/** The ward's heart rates from ecg.vitals: the latest per bed, pushed once per drain, with their age. */
class WardStateVitalsTest {

  private static final long T0 = 1_764_000_000_000L;

  private final MutableClock clock = new MutableClock(T0);
  private final List<String> events = new ArrayList<>();
  private final WardState ward = new WardState(125, 250, (type, payload) -> events.add(type), clock, 10_000);

  @Test
  void latestVitalsOfEachBedAreDrainedOnceAndOnlyWhenNew() {
    ward.onVitals(rate("p1", "bed-01", T0 + 2_000, 71.5));
    ward.onVitals(rate("p1", "bed-01", T0 + 4_000, 72.0));
    ward.onVitals(rate("p2", "bed-02", T0 + 4_000, 150.0));

    Map<String, Object> drained = ward.drainVitals();

    assertThat(drained).containsOnlyKeys("bed-01", "bed-02");
    assertThat(field(drained, "bed-01", "bpm")).isEqualTo(72.0);
    assertThat(field(drained, "bed-01", "valid")).isEqualTo(true);
    assertThat(field(drained, "bed-01", "beats")).isEqualTo(12);
    assertThat(field(drained, "bed-01", "spanMillis")).isEqualTo(10_000L);
    assertThat(ward.drainVitals()).as("nothing new since").isEmpty();
    assertThat(events).as("vitals are batched, not one event per record").isEmpty();
  }

  @Test
  void anOlderMeasurementReadLateDoesNotReplaceANewerOne() {
    ward.onVitals(rate("p1", "bed-01", T0 + 4_000, 72.0));
    ward.onVitals(rate("p1", "bed-01", T0 + 2_000, 90.0));

    assertThat(field(ward.drainVitals(), "bed-01", "bpm")).isEqualTo(72.0);
  }

  @Test
  void notValidVitalsCarryTheReasonAndTheDetectorsWords() {
    ward.onVitals(PatientVitals.newBuilder(rate("p1", "bed-01", T0 + 6_000, 0)).setHeartRateValid(false).setHeartRateBpm(null)
        .setBeats(0).setInvalidReason("ASYSTOLE").setInvalidDetail("no QRS for 4.0 s on any usable lead").build());

    Map<String, Object> drained = ward.drainVitals();

    assertThat(field(drained, "bed-01", "valid")).isEqualTo(false);
    assertThat(field(drained, "bed-01", "bpm")).isNull();
    assertThat(field(drained, "bed-01", "reason")).isEqualTo("ASYSTOLE");
    assertThat(field(drained, "bed-01", "detail")).isEqualTo("no QRS for 4.0 s on any usable lead");
  }

  @Test
  void snapshotCarriesEveryBedsVitalsWithTheirAgeOnTheDashboardsClockAndTheStaleTime() {
    ward.onVitals(rate("p1", "bed-01", T0 + 60_000, 72.0)); // a device clock a minute ahead: age is by arrival
    clock.advance(Duration.ofMillis(3_500));

    Map<String, Object> snapshot = ward.snapshot();

    assertThat(snapshot.get("vitalsStaleAfterMillis")).isEqualTo(10_000L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> vitals = (List<Map<String, Object>>) snapshot.get("vitals");
    assertThat(vitals).singleElement().satisfies(v -> {
      assertThat(v.get("bed")).isEqualTo("bed-01");
      assertThat(v.get("ageMillis")).isEqualTo(3_500L);
    });
  }

  @SuppressWarnings("unchecked")
  private static Object field(Map<String, Object> drained, String bed, String name) {
    return ((Map<String, Object>) drained.get(bed)).get(name);
  }

  private static PatientVitals rate(String patient, String bed, long at, double bpm) {
    return PatientVitals.newBuilder().setPatientId(patient).setBedId(bed).setMeasuredAtMillis(at).setSpanMillis(10_000)
        .setHeartRateValid(true).setHeartRateBpm(bpm).setBeats(12).setSource("dsp:heart-rate").build();
  }
}
