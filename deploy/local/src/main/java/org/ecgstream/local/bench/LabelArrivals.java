package org.ecgstream.local.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.ecgstream.schemas.EcgLabel;

/**
 * A sink that counts labels and notes when the first and the last arrived ({@link System#nanoTime()}),
 * readable in this JVM under the run's name while the MiniCluster job runs and after it ends.
 */
public final class LabelArrivals implements Sink<EcgLabel> {

  /** Count and arrival times of one run's labels. */
  public static final class Clock {
    public final AtomicLong labels = new AtomicLong();
    public final AtomicLong firstNanos = new AtomicLong(Long.MIN_VALUE);
    public final AtomicLong lastNanos = new AtomicLong(Long.MIN_VALUE);

    void arrived() {
      long now = System.nanoTime();
      firstNanos.compareAndSet(Long.MIN_VALUE, now);
      lastNanos.accumulateAndGet(now, Math::max);
      labels.incrementAndGet();
    }
  }

  private static final Map<String, Clock> CLOCKS = new ConcurrentHashMap<>();

  private final String run;

  public LabelArrivals(String run) {
    this.run = run;
    CLOCKS.put(run, new Clock());
  }

  /** The clock of {@code run}'s labels. */
  public static Clock clock(String run) {
    return CLOCKS.get(run);
  }

  public static void forget(String run) {
    CLOCKS.remove(run);
  }

  @Override
  public SinkWriter<EcgLabel> createWriter(WriterInitContext context) {
    Clock clock = CLOCKS.get(run);
    return new SinkWriter<>() {
      @Override
      public void write(EcgLabel label, Context context) {
        clock.arrived();
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
