package org.ecgstream.flink.models;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.ModelVersion;

/**
 * A registry stream tied to a frame stream, for hot-swap tests on the MiniCluster: records are
 * published when a patient's frame passes ({@link PublishAt}), and later frames wait until the
 * JVM's switches have loaded them ({@link HoldAfterUntilLoaded}), so a swap lands at a known point
 * of the stream however busy the machine is.
 */
public final class RegistryPacing {

  private RegistryPacing() {}

  /** Holds frames later than {@code atMillis} until the JVM's switches finished {@code loads} background loads (30 s at most). */
  public static final class HoldAfterUntilLoaded implements MapFunction<EcgFrame, EcgFrame> {
    private final long atMillis;
    private final long loads;

    public HoldAfterUntilLoaded(long atMillis, long loads) {
      this.atMillis = atMillis;
      this.loads = loads;
    }

    @Override
    public EcgFrame map(EcgFrame frame) throws Exception {
      if (frame.getDeviceTimeMillis() > atMillis) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ModelSwitch.totals().loadsFinished.get() < loads) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("model versions not loaded within 30 s of being published");
          }
          Thread.sleep(5);
        }
      }
      return frame;
    }
  }

  /** The registry as the stream sees it: {@code records} are published when {@code patient}'s frame at {@code atMillis} passes. */
  public static final class PublishAt implements FlatMapFunction<EcgFrame, ModelVersion> {
    private final List<ModelVersion> records;
    private final String patient;
    private final long atMillis;

    public PublishAt(List<ModelVersion> records, String patient, long atMillis) {
      this.records = new ArrayList<>(records);
      this.patient = patient;
      this.atMillis = atMillis;
    }

    @Override
    public void flatMap(EcgFrame frame, Collector<ModelVersion> out) {
      if (frame.getPatientId().equals(patient) && frame.getDeviceTimeMillis() == atMillis) {
        records.forEach(out::collect);
      }
    }
  }
}
