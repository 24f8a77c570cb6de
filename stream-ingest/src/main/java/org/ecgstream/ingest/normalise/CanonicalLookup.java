package org.ecgstream.ingest.normalise;

import java.util.concurrent.ConcurrentHashMap;
import org.ecgstream.core.signal.Int16Samples;

/**
 * The canonical value of an ADC value at a device's gain and baseline ({@link #canonical}, the one
 * place of the formula), and, for the (gain, baseline) pairs that frames keep coming with, the
 * canonical value of each of the 65,536 ADC values computed once and looked up after that.
 *
 * <p>Why a table: the formula (float scaling, rounding half away from zero, clamping) costs about
 * three times a table read per sample, and a ward's devices send one gain and baseline frame after
 * frame. A table holds exactly what the formula gives for each input, so frames come out the same
 * either way. It is built for a pair only once {@value #SIGHTINGS_BEFORE_TABLE} frames came with
 * it (building costs about as much as 50 frames), and at most {@value #MAX_TABLES} are kept, so a
 * device that changes its gain with every frame costs the formula, not a table per frame.
 *
 * <p>The tables are kept for the whole JVM (they depend on the pair only), so an ingest app that
 * starts again in the same JVM (tests, the bench) finds them. Thread-safe: shared by the stream threads.
 */
final class CanonicalLookup {

  static final int SIGHTINGS_BEFORE_TABLE = 64;
  static final int MAX_TABLES = 16;
  private static final int MAX_PAIRS_COUNTED = 1024;

  private static final ConcurrentHashMap<Long, short[]> JVM_TABLES = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Long, Integer> JVM_SIGHTINGS = new ConcurrentHashMap<>();

  private final int sightingsBeforeTable;
  private final ConcurrentHashMap<Long, short[]> tables;
  private final ConcurrentHashMap<Long, Integer> sightings;

  /** As ingest runs: the JVM's tables, built after {@value #SIGHTINGS_BEFORE_TABLE} frames with a pair. */
  CanonicalLookup() {
    this(SIGHTINGS_BEFORE_TABLE, JVM_TABLES, JVM_SIGHTINGS);
  }

  /** With tables of its own, built after {@code sightingsBeforeTable} frames: 0 at once, {@link Integer#MAX_VALUE} never (tests). */
  CanonicalLookup(int sightingsBeforeTable) {
    this(sightingsBeforeTable, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  private CanonicalLookup(int sightingsBeforeTable, ConcurrentHashMap<Long, short[]> tables,
      ConcurrentHashMap<Long, Integer> sightings) {
    this.sightingsBeforeTable = sightingsBeforeTable;
    this.tables = tables;
    this.sightings = sightings;
  }

  /**
   * The canonical value of ADC value {@code adc} ({@code scale} = canonical units per ADC unit):
   * {@code Int16Samples.INVALID} stays invalid; else microvolts from the baseline, rounded half away
   * from zero, clamped to the canonical scale.
   */
  static short canonical(int adc, float scale, int baseline) {
    float microvolts = (adc - baseline) * scale;
    // Rounds half away from zero, like adding +/-0.5 by sign and truncating; without branches on
    // the signal, whose sign changes sample by sample (selects the compiler turns into cmov).
    int v = (int) (microvolts + Math.copySign(0.5f, microvolts));
    int c = Math.max(-CanonicalScale.MAX_ABS_MICROVOLTS, Math.min(CanonicalScale.MAX_ABS_MICROVOLTS, v));
    return adc == Int16Samples.INVALID ? Int16Samples.INVALID : (short) c;
  }

  /**
   * The table of {@link #canonical} for every ADC value (index {@code adc & 0xffff}) at this gain
   * and baseline, or null while the pair has not come often enough (then use the formula).
   */
  short[] tableFor(float gainPerMv, int baseline) {
    long pair = ((long) Float.floatToIntBits(gainPerMv) << 32) | (baseline & 0xffffffffL);
    if (sightingsBeforeTable == Integer.MAX_VALUE) {
      return null;
    }
    short[] table = tables.get(pair);
    if (table != null || tables.size() >= MAX_TABLES) {
      return table;
    }
    if (sightings.size() >= MAX_PAIRS_COUNTED) {
      sightings.clear(); // counts of pairs that came once or twice, not worth a table
    }
    if (sightings.merge(pair, 1, Integer::sum) <= sightingsBeforeTable) {
      return null;
    }
    sightings.remove(pair);
    return tables.computeIfAbsent(pair, p -> build(CanonicalScale.UNITS_PER_MV / gainPerMv, baseline));
  }

  private static short[] build(float scale, int baseline) {
    short[] table = new short[1 << 16];
    for (int adc = Short.MIN_VALUE; adc <= Short.MAX_VALUE; adc++) {
      table[adc & 0xffff] = canonical(adc, scale, baseline);
    }
    return table;
  }
}
