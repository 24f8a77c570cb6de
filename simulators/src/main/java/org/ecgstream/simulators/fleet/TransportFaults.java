package org.ecgstream.simulators.fleet;

import java.util.Random;

/**
 * Transport faults the fleet publisher injects, to test ingest: each frame is, with these
 * probabilities, dropped (a gap), duplicated (sent twice, identical bytes), reordered (sent after
 * the bed's next frame), sent late ({@code lateByMillis} of device time after its turn, beyond the
 * ingest reorder bound), or replaced by malformed bytes (truncated, or with a byte flipped).
 * Deterministic for a given seed.
 */
public record TransportFaults(double dropRate, double duplicateRate, double reorderRate, double lateRate,
    double malformedRate, long lateByMillis, long seed) {

  /** No faults: every frame sent once, in order. */
  public static final TransportFaults NONE = new TransportFaults(0, 0, 0, 0, 0, 0, 0);

  public TransportFaults {
    for (double rate : new double[] {dropRate, duplicateRate, reorderRate, lateRate, malformedRate}) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("fault rates must be between 0 and 1, got " + rate);
      }
    }
    if (dropRate + duplicateRate + reorderRate + lateRate + malformedRate > 1) {
      throw new IllegalArgumentException("fault rates add up to more than 1");
    }
    if (lateByMillis < 0) {
      throw new IllegalArgumentException("lateByMillis must be >= 0, got " + lateByMillis);
    }
  }

  /** Every fault at {@code rate}, late frames 3 s late (past ingest's default 2 s reorder bound). */
  public static TransportFaults each(double rate, long seed) {
    return new TransportFaults(rate, rate, rate, rate, rate, 3_000, seed);
  }

  public boolean any() {
    return dropRate + duplicateRate + reorderRate + lateRate + malformedRate > 0;
  }

  /** What happens to one frame. */
  public enum Fault { NONE, DROP, DUPLICATE, REORDER, LATE, MALFORMED }

  Fault draw(Random random) {
    double p = random.nextDouble();
    if ((p -= dropRate) < 0) {
      return Fault.DROP;
    }
    if ((p -= duplicateRate) < 0) {
      return Fault.DUPLICATE;
    }
    if ((p -= reorderRate) < 0) {
      return Fault.REORDER;
    }
    if ((p -= lateRate) < 0) {
      return Fault.LATE;
    }
    if ((p -= malformedRate) < 0) {
      return Fault.MALFORMED;
    }
    return Fault.NONE;
  }

  static byte[] malform(byte[] bytes, Random random) {
    if (random.nextBoolean()) {
      return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }
    byte[] flipped = bytes.clone();
    flipped[random.nextInt(Math.min(flipped.length, 64))] ^= (byte) (1 + random.nextInt(255));
    return flipped;
  }
}
