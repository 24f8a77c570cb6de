package org.ecgstream.bridge.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.bridge.hl7.ScriptedMllpReceiver.accept;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
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

/** MLLP over TLS: the Alert Manager's certificate is checked against the trust store and the host name. */
@Timeout(30)
class MllpTlsTest {

  private static TestCertificates certificates;

  private final CollectingParkingLot parking = new CollectingParkingLot();

  @BeforeAll
  static void certificates() throws Exception {
    certificates = TestCertificates.shared();
  }

  @Test
  void aStateChangeIsDeliveredOverTlsToAReceiverWhoseCertificateIsTrusted() throws Exception {
    try (ScriptedMllpReceiver receiver = tlsReceiver()) {
      delivery("localhost", receiver.port(), trusting()).deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED)));

      assertThat(receiver.accepted()).singleElement().satisfies(r -> assertThat(r.patientId()).isEqualTo("P001"));
      assertThat(parking.parked()).isEmpty();
    }
  }

  @Test
  void aReceiverWithAnUntrustedCertificateGetsNothingAndTheChangeIsParked() throws Exception {
    try (ScriptedMllpReceiver receiver = tlsReceiver()) {
      SSLSocketFactory jvmDefaultTrust = TlsContexts.of("", Optional.empty(), "", Optional.empty()).getSocketFactory();

      delivery("localhost", receiver.port(), jvmDefaultTrust).deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED)));

      assertThat(receiver.received()).isEmpty();
      assertThat(parking.parked()).singleElement().satisfies(p -> assertThat(p.reason()).contains("SSLHandshakeException"));
    }
  }

  @Test
  void aCertificateForAnotherHostNameIsRefused() throws Exception {
    try (ScriptedMllpReceiver receiver = tlsReceiver()) {
      // The certificate names localhost; connecting by IP address must fail host name verification.
      delivery("127.0.0.1", receiver.port(), trusting()).deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED)));

      assertThat(receiver.received()).isEmpty();
      assertThat(parking.parked()).singleElement().satisfies(p -> assertThat(p.reason()).contains("SSLHandshakeException"));
    }
  }

  private static ScriptedMllpReceiver tlsReceiver() throws Exception {
    SecretReference password = SecretReference.parse("test", certificates.passwordReference());
    return new ScriptedMllpReceiver(0, TlsContexts.of("", Optional.empty(), certificates.keyStore().toString(),
        Optional.of(password)).getServerSocketFactory(), r -> accept());
  }

  private static SSLSocketFactory trusting() {
    return TlsContexts.of(certificates.trustStore().toString(),
        Optional.of(SecretReference.parse("test", certificates.passwordReference())), "", Optional.empty()).getSocketFactory();
  }

  private RecordDelivery delivery(String host, int port, SSLSocketFactory tls) {
    Hl7Channel channel = new Hl7Channel(new Pcd04MessageBuilder(Pcd04Endpoints.defaults()),
        () -> new MllpConnection(host, port, tls, Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC());
    return new RecordDelivery(List.of(channel), new RetryPolicy(2, Duration.ZERO, Duration.ZERO), parking, d -> { });
  }

  private static ConsumedAlert consumed(Alarm alarm) {
    return new ConsumedAlert("ecg.alerts", 0, 0, alarm.getPatientId(), EcgSerdes.alarms().serialize(alarm));
  }
}
