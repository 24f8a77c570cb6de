package org.ecgstream.bridge.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecgstream.bridge.Alarms;
import org.ecgstream.core.secrets.SecretReference;
import org.ecgstream.bridge.delivery.CollectingParkingLot;
import org.ecgstream.bridge.delivery.ConsumedAlert;
import org.ecgstream.bridge.delivery.RecordDelivery;
import org.ecgstream.bridge.delivery.RetryPolicy;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** FHIR R4 delivery to an HTTP endpoint inside the test that parses every body with HAPI. */
@Timeout(30)
class FhirDeliveryTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

  @TempDir Path dir;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final CollectingParkingLot parking = new CollectingParkingLot();

  @Test
  void raisedVentricularFibrillationIsPutAsAnObservationWithPatientDeviceCodesAndAlarmFacets() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    try (RecordingFhirServer server = new RecordingFhirServer(n -> 201)) {
      Alarm vf = Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED);

      delivery(server, Optional.of(SecretReference.parse("fhir.bearer-token", "file:" + token))).deliver(consumed(vf));

      assertThat(server.requests()).singleElement().satisfies(r -> {
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.path()).isEqualTo("/fhir/Observation/" + AlarmObservationMapper.resourceId(vf));
        assertThat(r.authorization()).isEqualTo("Bearer s3cret-token");
        assertThat(r.contentType()).startsWith("application/fhir+json");
        Observation o = r.observation();
        assertThat(o.getIdPart()).isEqualTo(AlarmObservationMapper.resourceId(vf));
        assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        assertThat(o.getIdentifier()).extracting(i -> i.getSystem() + "|" + i.getValue()).containsExactly(
            "urn:ecg-stream:alarm-state-change|P001:VENTRICULAR_FIBRILLATION:1764115200000#0",
            "urn:ecg-stream:alarm|P001:VENTRICULAR_FIBRILLATION:1764115200000");
        assertThat(o.getCode().getCoding()).extracting(c -> c.getSystem() + "|" + c.getCode()).containsExactly(
            "urn:iso:std:iso:11073:10101|196616", "urn:ecg-stream:alarm-kind|VENTRICULAR_FIBRILLATION");
        assertThat(o.getSubject().getType()).isEqualTo("Patient");
        assertThat(o.getSubject().getIdentifier().getSystem()).isEqualTo("urn:ecg-stream:patient");
        assertThat(o.getSubject().getIdentifier().getValue()).isEqualTo("P001");
        assertThat(o.getDevice().getType()).isEqualTo("Device");
        assertThat(o.getDevice().getIdentifier().getValue()).isEqualTo("dsp:rhythm");
        assertThat(o.getCategoryFirstRep().getCodingFirstRep().getCode()).isEqualTo("CLINICAL");
        Period period = (Period) o.getEffective();
        assertThat(period.getStart().toInstant()).isEqualTo(Instant.ofEpochMilli(Alarms.ONSET_MILLIS));
        assertThat(period.getEnd()).isNull();
        assertThat(component(o, "68481")).isEqualTo("start");
        assertThat(component(o, "68482")).isEqualTo("active");
        assertThat(component(o, "68483")).isEqualTo("enabled");
        assertThat(component(o, "priority")).isEqualTo("HIGH");
        assertThat(component(o, "state-change")).isEqualTo("RAISED");
        assertThat(component(o, "state-seq")).isEqualTo("0");
        assertThat(component(o, "detector")).startsWith("organised QRS absent");
      });
      assertThat(parking.parked()).isEmpty();
    }
  }

  @Test
  void clearedHeartRateAlarmCarriesItsValueLimitAndEnd() throws Exception {
    try (RecordingFhirServer server = new RecordingFhirServer(n -> 201)) {
      Alarm cleared = Alarms.heartRateHigh("P002", 2, AlarmState.CLEARED, 131);

      delivery(server, Optional.empty()).deliver(consumed(cleared));

      Observation o = server.requests().get(0).observation();
      assertThat(server.requests().get(0).authorization()).isNull();
      Quantity value = o.getValueQuantity();
      assertThat(value.getValue().doubleValue()).isEqualTo(131.0);
      assertThat(value.getSystem()).isEqualTo("http://unitsofmeasure.org");
      assertThat(value.getCode()).isEqualTo("/min");
      assertThat(o.getReferenceRangeFirstRep().getHigh().getValue().doubleValue()).isEqualTo(120.0);
      assertThat(((Period) o.getEffective()).getEnd().toInstant()).isEqualTo(Instant.ofEpochMilli(cleared.getEventTimeMillis()));
      assertThat(component(o, "68481")).isEqualTo("end");
      assertThat(component(o, "68482")).isEqualTo("inactive");
      assertThat(component(o, "priority")).isEqualTo("MEDIUM");
    }
  }

  @Test
  void aRedeliveredStateChangeLandsOnTheSameResourceAndADifferentOneOnAnother() throws Exception {
    try (RecordingFhirServer server = new RecordingFhirServer(n -> 201)) {
      RecordDelivery delivery = delivery(server, Optional.empty());
      Alarm raised = Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED);
      delivery.deliver(consumed(raised));
      delivery.deliver(consumed(raised)); // as after a restart before the commit
      delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 1, AlarmState.CLEARED)));

      assertThat(server.requests()).hasSize(3);
      assertThat(server.stored()).hasSize(2).containsKey(AlarmObservationMapper.resourceId(raised));
    }
  }

  @Test
  void aServerErrorIsRetriedAndARefusalOfTheContentIsParkedAtOnce() throws Exception {
    try (RecordingFhirServer server = new RecordingFhirServer(n -> n == 0 ? 503 : n == 1 ? 201 : 422)) {
      RecordDelivery delivery = delivery(server, Optional.empty());

      delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED)));
      assertThat(server.stored()).hasSize(1);
      assertThat(waits).containsExactly(Duration.ofMillis(100));

      delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 1, AlarmState.CLEARED)));
      assertThat(server.requests()).hasSize(3);
      assertThat(parking.parked()).singleElement().satisfies(p -> {
        assertThat(p.channel()).isEqualTo("fhir");
        assertThat(p.attempts()).isEqualTo(1);
        assertThat(p.reason()).isEqualTo("rejected: HTTP 422 (issues: invalid)");
      });
    }
  }

  private RecordDelivery delivery(RecordingFhirServer server, Optional<SecretReference> token) {
    FhirChannel channel = new FhirChannel(server.base(), HTTP,
        new AlarmObservationMapper("urn:ecg-stream:patient", "urn:ecg-stream:detector"), token, Duration.ofSeconds(5));
    return new RecordDelivery(List.of(channel), THREE_ATTEMPTS, parking, waits::add);
  }

  private static ConsumedAlert consumed(Alarm alarm) {
    return new ConsumedAlert("ecg.alerts", 0, 0, alarm.getPatientId(), EcgSerdes.alarms().serialize(alarm));
  }

  private static String component(Observation o, String code) {
    for (ObservationComponentComponent c : o.getComponent()) {
      if (code.equals(c.getCode().getCodingFirstRep().getCode())) {
        return c.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept cc
            ? cc.getCodingFirstRep().getCode() : c.getValue().primitiveValue();
      }
    }
    throw new AssertionError("no component " + code + " in the Observation");
  }
}
