package org.ecgstream.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.ecgstream.bridge.Alarms;
import org.ecgstream.bridge.Await;
import org.ecgstream.bridge.delivery.AlarmChannel;
import org.ecgstream.bridge.delivery.CollectingParkingLot;
import org.ecgstream.bridge.delivery.DeliveryOutcome;
import org.ecgstream.bridge.delivery.RecordDelivery;
import org.ecgstream.bridge.delivery.RetryPolicy;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bridge's commits against Kafka's MockConsumer: never past a record still in delivery. */
@Timeout(20)
class AlertBridgeTest {

  private static final String TOPIC = "ecg.alerts";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  @Test
  void theCommitStaysBeforeARecordStillInDeliveryWhileLaterOnesFinishAndAdvancesWhenItIsDelivered() throws Exception {
    String fast = "P1";
    String slow = patientInTheOtherLaneThan(fast);
    CountDownLatch slowReceiverAnswers = new CountDownLatch(1);
    List<String> delivered = new CopyOnWriteArrayList<>();
    AlarmChannel channel = new AlarmChannel() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public DeliveryOutcome deliver(Alarm alarm) {
        if (alarm.getPatientId().equals(slow)) {
          try {
            slowReceiverAnswers.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeliveryOutcome.retryable("interrupted");
          }
        }
        delivered.add(alarm.getPatientId() + "#" + alarm.getStateSeq());
        return DeliveryOutcome.delivered();
      }

      @Override
      public void close() {}
    };

    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    consumer.schedulePollTask(() -> {
      consumer.rebalance(List.of(P0));
      consumer.updateBeginningOffsets(Map.of(P0, 0L));
      consumer.seek(P0, 0);
      add(consumer, 0, Alarms.ventricularFibrillation(fast, 0, AlarmState.RAISED));
      add(consumer, 1, Alarms.ventricularFibrillation(slow, 0, AlarmState.RAISED));
      add(consumer, 2, Alarms.ventricularFibrillation(fast, 1, AlarmState.CLEARED));
    });
    AlertBridge bridge = new AlertBridge(consumer, TOPIC, 2, 100, Duration.ofSeconds(5),
        lane -> new RecordDelivery(List.of(channel), new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
            new CollectingParkingLot(), d -> { }));
    Thread thread = new Thread(bridge, "bridge-under-test");
    thread.start();
    try {
      // The channel notes a delivery before the bridge books it, so wait for the booking too.
      Await.until(Duration.ofSeconds(10),
          () -> delivered.size() == 2 && bridge.inFlight() == 1 && committed(consumer) == 1,
          () -> "delivered " + delivered + ", in flight " + bridge.inFlight() + ", committed " + committed(consumer));
      assertThat(delivered).containsExactly(fast + "#0", fast + "#1");
      assertThat(committed(consumer)).as("the commit stays before the slow patient's record").isEqualTo(1);

      slowReceiverAnswers.countDown();

      Await.until(Duration.ofSeconds(10), () -> committed(consumer) == 3, () -> "committed " + committed(consumer));
      assertThat(delivered).containsExactlyInAnyOrder(fast + "#0", fast + "#1", slow + "#0");
    } finally {
      slowReceiverAnswers.countDown();
      bridge.close();
      thread.join(10_000);
    }
    assertThat(bridge.failure()).isNull();
  }

  private static String patientInTheOtherLaneThan(String patient) {
    for (int i = 2; ; i++) {
      String candidate = "P" + i;
      if (Math.floorMod(candidate.hashCode(), 2) != Math.floorMod(patient.hashCode(), 2)) {
        return candidate;
      }
    }
  }

  private static void add(MockConsumer<String, byte[]> consumer, long offset, Alarm alarm) {
    consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, offset, alarm.getPatientId(), EcgSerdes.alarms().serialize(alarm)));
  }

  private static long committed(MockConsumer<String, byte[]> consumer) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(P0));
    OffsetAndMetadata offset = committed.get(P0);
    return offset == null ? -1 : offset.offset();
  }
}
