package org.ecgstream.bridge.acks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.util.Terser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import org.ecgstream.bridge.TestCertificates;
import org.ecgstream.core.secrets.SecretReference;
import org.ecgstream.bridge.config.TlsContexts;
import org.ecgstream.bridge.hl7.Hl7Parsers;
import org.ecgstream.bridge.hl7.MllpConnection;
import org.ecgstream.schemas.AlarmAck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Alert Manager's status reports over a real MLLP connection to the bridge's listener. */
@Timeout(20)
class AlarmStatusListenerTest {

  private static final String ALARM = "P001:VENTRICULAR_FIBRILLATION:1764115200000";

  private final List<AlarmAck> written = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AckSink sink = new AckSink() {
    @Override
    public void write(AlarmAck ack) {
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("broker unavailable");
      }
      written.add(ack);
    }

    @Override
    public void close() {}
  };

  @Test
  void aCaregiversAcknowledgementIsWrittenWithWhoAndWhenThenAnsweredAa() throws Exception {
    try (AlarmStatusListener listener = listener(); MllpConnection am = client(listener)) {
      Terser answer = send(am, AlertStatusReports.report("AM-1", "P001", ALARM, "alert-acknowledged", "N123"));

      assertThat(answer.get("/MSA-1")).isEqualTo("AA");
      assertThat(answer.get("/MSA-2")).isEqualTo("AM-1");
      assertThat(written).singleElement().satisfies(ack -> {
        assertThat(ack.getAlarmId()).isEqualTo(ALARM);
        assertThat(ack.getPatientId()).isEqualTo("P001");
        assertThat(ack.getAcknowledgedBy()).isEqualTo("N123");
        assertThat(Instant.ofEpochMilli(ack.getAcknowledgedAtMillis())).isEqualTo(Instant.parse("2025-11-25T23:00:09.500Z"));
        assertThat(ack.getSource()).isEqualTo("hl7");
        assertThat(ack.getComment()).isEqualTo("PCD-05 AM-1");
      });
    }
  }

  @Test
  void anotherStatusIsAnsweredAaAndNotForwarded() throws Exception {
    try (AlarmStatusListener listener = listener(); MllpConnection am = client(listener)) {
      assertThat(send(am, AlertStatusReports.report("AM-2", "P001", ALARM, "delivered", "N123")).get("/MSA-1")).isEqualTo("AA");
      assertThat(written).isEmpty();
    }
  }

  @Test
  void aReportWithoutAlarmIdIsRefusedWithRequiredFieldMissing() throws Exception {
    try (AlarmStatusListener listener = listener(); MllpConnection am = client(listener)) {
      Terser answer = send(am, AlertStatusReports.report("AM-3", "P001", "", "alert-acknowledged", "N123"));
      assertThat(answer.get("/MSA-1")).isEqualTo("AE");
      assertThat(answer.get("/ERR-3-1")).isEqualTo("101");
      assertThat(written).isEmpty();
    }
  }

  @Test
  void anAcknowledgementThatCannotBeStoredIsRejectedSoTheAlertManagerSendsItAgain() throws Exception {
    failuresLeft.set(1);
    try (AlarmStatusListener listener = listener(); MllpConnection am = client(listener)) {
      String report = AlertStatusReports.report("AM-4", "P001", ALARM, "accepted", "N7");
      Terser first = send(am, report);
      assertThat(first.get("/MSA-1")).isEqualTo("AR");
      assertThat(first.get("/ERR-3-1")).isEqualTo("207");
      assertThat(written).isEmpty();

      assertThat(send(am, report).get("/MSA-1")).isEqualTo("AA");
      assertThat(written).extracting(AlarmAck::getAcknowledgedBy).containsExactly("N7");
    }
  }

  @Test
  void textThatIsNoHl7MessageIsAnsweredAe() throws Exception {
    try (AlarmStatusListener listener = listener(); MllpConnection am = client(listener)) {
      String answer = am.exchange("hello");
      assertThat(answer).contains("MSA|AE");
    }
  }

  @Test
  void overTlsOnlyAnAlertManagerWithATrustedClientCertificateIsServed() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    Optional<SecretReference> password = Optional.of(SecretReference.parse("test", certs.passwordReference()));
    String keyStore = certs.keyStore().toString();
    String trustStore = certs.trustStore().toString();
    ServerSocketFactory tls = TlsContexts.of(trustStore, password, keyStore, password).getServerSocketFactory();
    try (AlarmStatusListener listener = new AlarmStatusListener(0, true, tls, Set.of(), sink)) {
      try (MllpConnection withCertificate = new MllpConnection("localhost", listener.port(),
          TlsContexts.of(trustStore, password, keyStore, password).getSocketFactory(), Duration.ofSeconds(2), Duration.ofSeconds(5))) {
        assertThat(send(withCertificate, AlertStatusReports.report("AM-5", "P001", ALARM, "accepted", "N1")).get("/MSA-1")).isEqualTo("AA");
      }
      try (MllpConnection withoutCertificate = new MllpConnection("localhost", listener.port(),
          TlsContexts.of(trustStore, password, "", Optional.empty()).getSocketFactory(), Duration.ofSeconds(2), Duration.ofSeconds(5))) {
        assertThatThrownBy(() -> withoutCertificate.exchange(AlertStatusReports.report("AM-6", "P001", ALARM, "accepted", "N2")))
            .isInstanceOf(java.io.IOException.class);
      }
      assertThat(written).extracting(AlarmAck::getAcknowledgedBy).containsExactly("N1");
    }
  }

  @Test
  void aPeerOutsideTheAllowedAddressesIsRefusedWithoutAnAnswer() throws Exception {
    String ownAddress = nonLoopbackAddress();
    Assumptions.assumeTrue(ownAddress != null, "this machine has no non-loopback IPv4 address to connect from");
    String report = AlertStatusReports.report("AM-7", "P001", ALARM, "accepted", "N3");
    try (AlarmStatusListener closed = new AlarmStatusListener(0, false, ServerSocketFactory.getDefault(), Set.of(), sink);
        MllpConnection stranger = new MllpConnection(ownAddress, closed.port(), null, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
      String answer;
      try {
        answer = stranger.exchange(report);
      } catch (java.io.IOException e) {
        answer = null; // reset by the refusing side
      }
      assertThat(answer).isNull();
    }
    assertThat(written).isEmpty();
    try (AlarmStatusListener open = new AlarmStatusListener(0, false, ServerSocketFactory.getDefault(), Set.of(ownAddress), sink);
        MllpConnection allowed = new MllpConnection(ownAddress, open.port(), null, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
      assertThat(send(allowed, report).get("/MSA-1")).isEqualTo("AA");
    }
    assertThat(written).extracting(AlarmAck::getAcknowledgedBy).containsExactly("N3");
  }

  private static String nonLoopbackAddress() throws java.net.SocketException {
    for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (var address : java.util.Collections.list(nic.getInetAddresses())) {
        if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
          return address.getHostAddress();
        }
      }
    }
    return null;
  }

  @Test
  void hl7TimesWithZonesAndFractionsAreRead() {
    assertThat(AlarmStatusReading.millis("20251126000009.5+0100")).isEqualTo(Instant.parse("2025-11-25T23:00:09.500Z").toEpochMilli());
    assertThat(AlarmStatusReading.millis("202511260000")).isEqualTo(Instant.parse("2025-11-26T00:00:00Z").toEpochMilli());
    assertThat(AlarmStatusReading.millis("20251126000009-0500")).isEqualTo(Instant.parse("2025-11-26T05:00:09Z").toEpochMilli());
  }

  private AlarmStatusListener listener() throws Exception {
    return new AlarmStatusListener(0, true, ServerSocketFactory.getDefault(), Set.of(), sink);
  }

  private static MllpConnection client(AlarmStatusListener listener) {
    return new MllpConnection("127.0.0.1", listener.port(), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private static Terser send(MllpConnection connection, String report) throws Exception {
    return new Terser(Hl7Parsers.pipeParser().parse(connection.exchange(report)));
  }
}
