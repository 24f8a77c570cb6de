package org.ecgstream.bridge.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.ecgstream.bridge.Alarms;
import org.ecgstream.bridge.TestCertificates;
import org.ecgstream.core.secrets.SecretReference;
import org.ecgstream.bridge.config.TlsContexts;
import org.ecgstream.bridge.delivery.CollectingParkingLot;
import org.ecgstream.bridge.delivery.ConsumedAlert;
import org.ecgstream.bridge.delivery.RecordDelivery;
import org.ecgstream.bridge.delivery.RetryPolicy;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FHIR over HTTPS: delivered to a server whose certificate is in the configured trust store, refused otherwise. */
@Timeout(30)
class FhirHttpsTest {

  private static TestCertificates certificates;
  private static SecretReference password;

  private final CollectingParkingLot parking = new CollectingParkingLot();

  @BeforeAll
  static void certificates() throws Exception {
    certificates = TestCertificates.shared();
    password = SecretReference.parse("test", certificates.passwordReference());
  }

  @Test
  void anObservationIsPutOverHttpsWhenTheServerCertificateIsTrusted() throws Exception {
    try (RecordingFhirServer server = new RecordingFhirServer(serverTls(), n -> 201)) {
      SSLContext trusting = TlsContexts.of(certificates.trustStore().toString(), Optional.of(password), "", Optional.empty());

      delivery(server, trusting).deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED)));

      assertThat(server.base().getScheme()).isEqualTo("https");
      assertThat(server.stored()).hasSize(1);
      assertThat(parking.parked()).isEmpty();
    }
  }

  @Test
  void anUntrustedServerGetsNothingAndTheChangeIsParked() throws Exception {
    try (RecordingFhirServer server = new RecordingFhirServer(serverTls(), n -> 201)) {
      SSLContext jvmDefault = TlsContexts.of("", Optional.empty(), "", Optional.empty());

      delivery(server, jvmDefault).deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED)));

      assertThat(server.requests()).isEmpty();
      assertThat(parking.parked()).singleElement().satisfies(p -> assertThat(p.reason()).contains("SSLHandshakeException"));
    }
  }

  private static SSLContext serverTls() {
    return TlsContexts.of("", Optional.empty(), certificates.keyStore().toString(), Optional.of(password));
  }

  private RecordDelivery delivery(RecordingFhirServer server, SSLContext tls) {
    HttpClient http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
    FhirChannel channel = new FhirChannel(server.base(), http,
        new AlarmObservationMapper("urn:ecg-stream:patient", "urn:ecg-stream:detector"), Optional.empty(), Duration.ofSeconds(5));
    return new RecordDelivery(List.of(channel), new RetryPolicy(2, Duration.ZERO, Duration.ZERO), parking, d -> { });
  }

  private static ConsumedAlert consumed(Alarm alarm) {
    return new ConsumedAlert("ecg.alerts", 0, 0, alarm.getPatientId(), EcgSerdes.alarms().serialize(alarm));
  }
}
