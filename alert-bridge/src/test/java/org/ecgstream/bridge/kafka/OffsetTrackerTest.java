package org.ecgstream.bridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("ecg.alerts", 0);
  private static final TopicPartition P1 = new TopicPartition("ecg.alerts", 1);

  @Test
  void theCommitNeverPassesARecordStillInDeliveryEvenWhenLaterOnesFinishFirst() {
    OffsetTracker tracker = new OffsetTracker();
    for (long offset = 10; offset < 14; offset++) {
      tracker.started(P0, offset);
    }
    tracker.finished(P0, 11);
    tracker.finished(P0, 13);
    assertThat(tracker.advanced()).isEqualTo(Map.of(P0, new OffsetAndMetadata(10)));
    tracker.committed(tracker.advanced());
    assertThat(tracker.advanced()).isEmpty();

    tracker.finished(P0, 10);
    assertThat(tracker.advanced()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));
    tracker.committed(tracker.advanced());
    tracker.finished(P0, 12);
    assertThat(tracker.advanced()).isEqualTo(Map.of(P0, new OffsetAndMetadata(14)));
    assertThat(tracker.inFlight()).isZero();
  }

  @Test
  void partitionsAreTrackedApartAndForgottenOnRevocation() {
    OffsetTracker tracker = new OffsetTracker();
    tracker.started(P0, 0);
    tracker.started(P1, 5);
    tracker.finished(P1, 5);
    assertThat(tracker.advanced()).isEqualTo(Map.of(P0, new OffsetAndMetadata(0), P1, new OffsetAndMetadata(6)));
    assertThat(tracker.inFlight()).isEqualTo(1);

    tracker.forget(List.of(P0));
    tracker.finished(P0, 0); // a lane finishing a record of a partition this consumer lost
    assertThat(tracker.inFlight()).isZero();
    assertThat(tracker.advanced()).containsOnlyKeys(P1);
  }
}
