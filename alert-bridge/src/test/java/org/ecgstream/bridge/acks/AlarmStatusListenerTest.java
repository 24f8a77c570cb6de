package org.ecgstream.bridge.acks;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.util.Terser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ServerSocketFactory;
import org.ecgstream.bridge.hl7.Hl7Parsers;
import org.ecgstream.bridge.hl7.MllpConnection;
import org.ecgstream.schemas.AlarmAck;
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
  void hl7TimesWithZonesAndFractionsAreRead() {
    assertThat(AlarmStatusReading.millis("20251126000009.5+0100")).isEqualTo(Instant.parse("2025-11-25T23:00:09.500Z").toEpochMilli());
    assertThat(AlarmStatusReading.millis("202511260000")).isEqualTo(Instant.parse("2025-11-26T00:00:00Z").toEpochMilli());
    assertThat(AlarmStatusReading.millis("20251126000009-0500")).isEqualTo(Instant.parse("2025-11-26T05:00:09Z").toEpochMilli());
  }

  private AlarmStatusListener listener() throws Exception {
    return new AlarmStatusListener(0, true, ServerSocketFactory.getDefault(), sink);
  }

  private static MllpConnection client(AlarmStatusListener listener) {
    return new MllpConnection("127.0.0.1", listener.port(), null, Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  private static Terser send(MllpConnection connection, String report) throws Exception {
    return new Terser(Hl7Parsers.pipeParser().parse(connection.exchange(report)));
  }
}
