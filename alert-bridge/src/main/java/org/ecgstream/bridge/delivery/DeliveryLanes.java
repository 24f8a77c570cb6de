package org.ecgstream.bridge.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of delivery lanes, each one thread with its own channels, taking its records in
 * the order they were handed over. All records of a patient go to the same lane (by the hash of the
 * patient key), so a later state change of a patient never overtakes an earlier one, while a
 * patient whose deliveries are being retried holds up only the patients sharing its lane.
 */
public final class DeliveryLanes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryLanes.class);

  private final List<Lane> lanes = new ArrayList<>();

  /**
   * Starts {@code count} lanes; lane {@code i} delivers with {@code deliveryForLane.apply(i)} and
   * reports each finished record (delivered or parked everywhere) to {@code done}.
   */
  public DeliveryLanes(int count, IntFunction<RecordDelivery> deliveryForLane, Consumer<ConsumedAlert> done) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one delivery lane is needed, was " + count);
    }
    for (int i = 0; i < count; i++) {
      Lane lane = new Lane(i, deliveryForLane.apply(i), done);
      lanes.add(lane);
      lane.thread.start();
    }
  }

  /** Queues {@code alert} on its patient's lane. */
  public void submit(ConsumedAlert alert) {
    lanes.get(laneOf(alert.patientKey(), lanes.size())).queue.add(alert);
  }

  /** The lane of a patient key among {@code count} lanes. */
  static int laneOf(String patientKey, int count) {
    return Math.floorMod(patientKey == null ? 0 : patientKey.hashCode(), count);
  }

  /** Stops every lane where it is; a record in the middle of its delivery stays unfinished (and uncommitted). */
  @Override
  public void close() {
    lanes.forEach(lane -> lane.thread.interrupt());
    for (Lane lane : lanes) {
      try {
        lane.thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class Lane {
    final BlockingQueue<ConsumedAlert> queue = new LinkedBlockingQueue<>();
    final Thread thread;

    Lane(int index, RecordDelivery delivery, Consumer<ConsumedAlert> done) {
      this.thread = new Thread(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            ConsumedAlert alert = queue.take();
            delivery.deliver(alert);
            done.accept(alert);
          }
        } catch (InterruptedException e) {
          // stopping: what is not done stays uncommitted and is delivered again after a restart
        } catch (RuntimeException e) {
          LOG.error("event=delivery_lane_failed lane={} error={}", index, e.toString(), e);
        } finally {
          delivery.close();
        }
      }, "alert-bridge-lane-" + index);
      thread.setDaemon(true);
    }
  }
}
