package org.ecgstream.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ecgstream.ingest.deadletter.RejectReason;

/**
 * The ingest app's accounting on Micrometer. Every input record ends in exactly one of: a frame
 * out, a dead letter (by reason), or an exact duplicate dropped; so
 * {@code ingest.records.in = ingest.frames.out + sum(ingest.dead.letters) + ingest.duplicates.dropped}
 * once nothing is held. Meter names are stable keys for dashboards.
 */
public final class IngestMetrics {

  public static final String RECORDS_IN = "ingest.records.in";
  public static final String FRAMES_OUT = "ingest.frames.out";
  public static final String DEAD_LETTERS = "ingest.dead.letters";
  public static final String DUPLICATES_DROPPED = "ingest.duplicates.dropped";
  public static final String GAPS = "ingest.gaps";
  public static final String HELD = "ingest.frames.held";

  private final MeterRegistry registry;
  private final Counter recordsIn;
  private final Counter framesOut;
  private final Counter duplicatesDropped;
  private final Counter gaps;
  private final Map<RejectReason, Counter> deadLetters = new EnumMap<>(RejectReason.class);
  private final AtomicLong heldForOrder = new AtomicLong();
  private final AtomicLong heldUnbound = new AtomicLong();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.recordsIn = Counter.builder(RECORDS_IN).description("Records read from the raw topic").register(registry);
    this.framesOut = Counter.builder(FRAMES_OUT).description("Frames written to the frames topic").register(registry);
    this.duplicatesDropped = Counter.builder(DUPLICATES_DROPPED)
        .description("Exact copies of a frame already taken (same device, sequence number and bytes), dropped").register(registry);
    this.gaps = Counter.builder(GAPS).description("Frames emitted with a gap marker (frames lost before them)").register(registry);
    for (RejectReason reason : RejectReason.values()) {
      deadLetters.put(reason, Counter.builder(DEAD_LETTERS).tag("reason", reason.name())
          .description("Records written to the dead-letter topic").register(registry));
    }
    registry.gauge(HELD, java.util.List.of(io.micrometer.core.instrument.Tag.of("stage", "reorder")), heldForOrder);
    registry.gauge(HELD, java.util.List.of(io.micrometer.core.instrument.Tag.of("stage", "unbound")), heldUnbound);
  }

  /** Metrics on a private registry, for tests and tools. */
  public static IngestMetrics inMemory() {
    return new IngestMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void recordIn() {
    recordsIn.increment();
  }

  public void frameOut() {
    framesOut.increment();
  }

  public void deadLettered(RejectReason reason) {
    deadLetters.get(reason).increment();
  }

  public void duplicateDropped() {
    duplicatesDropped.increment();
  }

  public void gap() {
    gaps.increment();
  }

  public void heldForOrder(long delta) {
    heldForOrder.addAndGet(delta);
  }

  public void heldUnbound(long delta) {
    heldUnbound.addAndGet(delta);
  }

  public long recordsIn() {
    return (long) recordsIn.count();
  }

  public long framesOut() {
    return (long) framesOut.count();
  }

  public long duplicatesDropped() {
    return (long) duplicatesDropped.count();
  }

  public long gaps() {
    return (long) gaps.count();
  }

  public long deadLetters(RejectReason reason) {
    return (long) deadLetters.get(reason).count();
  }

  public long deadLetters() {
    return deadLetters.values().stream().mapToLong(c -> (long) c.count()).sum();
  }
}
