package org.ecgstream.bridge.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.bridge.hl7.ScriptedMllpReceiver.accept;
import static org.ecgstream.bridge.hl7.ScriptedMllpReceiver.error;
import static org.ecgstream.bridge.hl7.ScriptedMllpReceiver.hangUp;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.ecgstream.bridge.Alarms;
import org.ecgstream.bridge.Await;
import org.ecgstream.bridge.delivery.CollectingParkingLot;
import org.ecgstream.bridge.delivery.ConsumedAlert;
import org.ecgstream.bridge.delivery.DeliveryLanes;
import org.ecgstream.bridge.delivery.Pause;
import org.ecgstream.bridge.delivery.RecordDelivery;
import org.ecgstream.bridge.delivery.RetryPolicy;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PCD-04 delivery over a real MLLP connection to a receiver inside the test. */
@Timeout(30)
class MllpDeliveryTest {

  private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2));

  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final CollectingParkingLot parking = new CollectingParkingLot();

  @Test
  void aNakForAPassingErrorIsRetriedWithTheSameMessageIdUntilAccepted() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedMllpReceiver receiver = new ScriptedMllpReceiver(
        r -> calls.incrementAndGet() == 1 ? error(AcknowledgmentCode.AE, ErrorCode.APPLICATION_INTERNAL_ERROR) : accept())) {
      Alarm vf = Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED);

      delivery(receiver, THREE_ATTEMPTS).deliver(consumed(vf, 7));

      assertThat(receiver.received()).extracting(ScriptedMllpReceiver.Received::controlId)
          .containsExactly("P001:VENTRICULAR_FIBRILLATION:1764115200000#0", "P001:VENTRICULAR_FIBRILLATION:1764115200000#0");
      assertThat(receiver.accepted()).hasSize(1);
      assertThat(waits).containsExactly(Duration.ofMillis(200));
      assertThat(parking.parked()).isEmpty();
    }
  }

  @Test
  void repeatedRejectionsAreRetriedWithDoublingBackOffThenParkedWithTheReason() throws Exception {
    try (ScriptedMllpReceiver receiver = new ScriptedMllpReceiver(r -> error(AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR))) {
      Alarm vf = Alarms.ventricularFibrillation("P001", 1, AlarmState.ACKNOWLEDGED);

      delivery(receiver, THREE_ATTEMPTS).deliver(consumed(vf, 11));

      assertThat(receiver.received()).hasSize(3);
      assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
      assertThat(parking.parked()).singleElement().satisfies(p -> {
        assertThat(p.channel()).isEqualTo("hl7");
        assertThat(p.attempts()).isEqualTo(3);
        assertThat(p.reason()).startsWith("gave up after 3 attempts").contains("AR 207");
        assertThat(p.sourceOffset()).isEqualTo(11);
        assertThat(EcgSerdes.alarms().deserialize(p.value())).isEqualTo(vf);
      });
    }
  }

  @Test
  void aContentErrorNamedByTheReceiverIsParkedAtOnceWithoutRetrying() throws Exception {
    try (ScriptedMllpReceiver receiver = new ScriptedMllpReceiver(r -> error(AcknowledgmentCode.AE, ErrorCode.REQUIRED_FIELD_MISSING))) {
      delivery(receiver, THREE_ATTEMPTS).deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED), 0));

      assertThat(receiver.received()).hasSize(1);
      assertThat(waits).isEmpty();
      assertThat(parking.parked()).singleElement().satisfies(p -> {
        assertThat(p.attempts()).isEqualTo(1);
        assertThat(p.reason()).startsWith("rejected: AE 101");
      });
    }
  }

  @Test
  void aReceiverThatHangsUpWithoutAnswerIsRetriedOnAFreshConnection() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (ScriptedMllpReceiver receiver = new ScriptedMllpReceiver(r -> calls.incrementAndGet() == 1 ? hangUp() : accept())) {
      delivery(receiver, THREE_ATTEMPTS).deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED), 0));

      assertThat(receiver.accepted()).hasSize(1);
      assertThat(parking.parked()).isEmpty();
    }
  }

  @Test
  void anUnreachableReceiverIsRetriedThenParked() throws Exception {
    int closedPort;
    try (ScriptedMllpReceiver gone = new ScriptedMllpReceiver(r -> accept())) {
      closedPort = gone.port();
    }
    RecordDelivery delivery = new RecordDelivery(List.of(channel(closedPort)), THREE_ATTEMPTS, parking, waits::add);

    delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED), 0));

    assertThat(parking.parked()).singleElement().satisfies(p -> assertThat(p.reason()).contains("ConnectException"));
  }

  @Test
  void aRecordThatIsNoAlarmIsParkedAsUndecodableWithItsBytes() throws Exception {
    try (ScriptedMllpReceiver receiver = new ScriptedMllpReceiver(r -> accept())) {
      byte[] garbage = {1, 2, 3};
      delivery(receiver, THREE_ATTEMPTS).deliver(new ConsumedAlert("ecg.alerts", 0, 5, "P001", garbage));

      assertThat(receiver.received()).isEmpty();
      assertThat(parking.parked()).singleElement().satisfies(p -> {
        assertThat(p.channel()).isEqualTo(RecordDelivery.UNDECODABLE);
        assertThat(p.value()).isEqualTo(garbage);
      });
    }
  }

  @Test
  void aPatientsStateChangesArriveInOrderWhileTheirDeliveriesAreRetried() throws Exception {
    // Every first attempt of each message fails (alternately NAK and hang-up); patients share two lanes.
    Map<String, AtomicInteger> attemptsPerMessage = new ConcurrentHashMap<>();
    try (ScriptedMllpReceiver receiver = new ScriptedMllpReceiver(r -> {
      int attempt = attemptsPerMessage.computeIfAbsent(r.controlId(), id -> new AtomicInteger()).incrementAndGet();
      if (attempt == 1) {
        return r.stateSeq() % 2 == 0 ? error(AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR) : hangUp();
      }
      return accept();
    })) {
      List<ConsumedAlert> done = new CopyOnWriteArrayList<>();
      RetryPolicy quick = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(4));
      List<String> patients = List.of("P1", "P2", "P3", "P4", "P5");
      List<AlarmState> states = List.of(AlarmState.RAISED, AlarmState.ESCALATED, AlarmState.ACKNOWLEDGED, AlarmState.CLEARED);
      try (DeliveryLanes lanes = new DeliveryLanes(2,
          lane -> new RecordDelivery(List.of(channel(receiver.port())), quick, parking, Pause.SLEEP),
          done::add)) {
        long offset = 0;
        for (int seq = 0; seq < states.size(); seq++) {
          for (String patient : patients) {
            lanes.submit(consumed(Alarms.ventricularFibrillation(patient, seq, states.get(seq)), offset++));
          }
        }
        Await.until(Duration.ofSeconds(20), () -> done.size() == 20, () -> done.size() + " of 20 done");
      }

      assertThat(parking.parked()).isEmpty();
      assertThat(receiver.received()).hasSize(40);
      for (String patient : patients) {
        List<Integer> acceptedOrder = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        receiver.accepted().stream().filter(r -> r.patientId().equals(patient)).forEach(r -> {
          acceptedOrder.add(r.stateSeq());
          phases.add(r.phase());
        });
        assertThat(acceptedOrder).as(patient).containsExactly(0, 1, 2, 3);
        assertThat(phases).as(patient).containsExactly("start", "escalate", "update", "end");
        // No later change of the patient was even attempted before the earlier one was accepted.
        List<Integer> attemptedOrder = receiver.received().stream()
            .filter(r -> r.patientId().equals(patient)).map(ScriptedMllpReceiver.Received::stateSeq).toList();
        assertThat(attemptedOrder).as(patient).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
      }
    }
  }

  @Test
  void aReceiverRestartedMidStreamGetsEachLaterChangeOnceAndInOrder() throws Exception {
    ScriptedMllpReceiver first = new ScriptedMllpReceiver(r -> accept());
    int port = first.port();
    AtomicReference<ScriptedMllpReceiver> second = new AtomicReference<>();
    // The first failed attempt after the shutdown brings the receiver back on the same port.
    Pause restartOnFirstFailure = wait -> {
      waits.add(wait);
      if (second.get() == null) {
        try {
          second.set(new ScriptedMllpReceiver(port, r -> accept()));
        } catch (java.io.IOException e) {
          throw new AssertionError("cannot restart the receiver on port " + port, e);
        }
      }
    };
    RecordDelivery delivery = new RecordDelivery(List.of(channel(port)),
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(1)), parking, restartOnFirstFailure);
    List<AlarmState> states = List.of(AlarmState.RAISED, AlarmState.ESCALATED, AlarmState.ACKNOWLEDGED, AlarmState.CLEARED);
    try {
      delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 0, states.get(0)), 0));
      delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 1, states.get(1)), 1));
      first.close(); // the Alert Manager goes down between two state changes
      delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 2, states.get(2)), 2));
      delivery.deliver(consumed(Alarms.ventricularFibrillation("P001", 3, states.get(3)), 3));

      assertThat(first.accepted()).extracting(ScriptedMllpReceiver.Received::stateSeq).containsExactly(0, 1);
      assertThat(second.get().accepted()).extracting(ScriptedMllpReceiver.Received::stateSeq).containsExactly(2, 3);
      assertThat(waits).isNotEmpty();
      assertThat(parking.parked()).isEmpty();
    } finally {
      if (second.get() != null) {
        second.get().close();
      }
    }
  }

  private RecordDelivery delivery(ScriptedMllpReceiver receiver, RetryPolicy policy) {
    return new RecordDelivery(List.of(channel(receiver.port())), policy, parking, waits::add);
  }

  private static Hl7Channel channel(int port) {
    return new Hl7Channel(new Pcd04MessageBuilder(Pcd04Endpoints.defaults()),
        () -> new MllpConnection("127.0.0.1", port, null, Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC());
  }

  private static ConsumedAlert consumed(Alarm alarm, long offset) {
    return new ConsumedAlert("ecg.alerts", 0, offset, alarm.getPatientId(), EcgSerdes.alarms().serialize(alarm));
  }

}
