package org.ecgstream.trainer.retrain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.trainer.train.PretrainingCorpus;
import org.ecgstream.trainer.train.PretrainingExample;

/**
 * Mixes the archive into the base data set at a fixed share. The pre-trainer draws uniformly from
 * its pools, so the mix is made in the pools: each pool (pairs, unpaired recordings) holds
 * {@code round(baseShare * size)} base examples and the rest archive examples, each side taken from
 * a seeded shuffle and repeated in that order when it has fewer examples than slots. A small
 * archive is thus seen as often as the share says, not as often as its size would.
 */
public final class CorpusMix {

  /** Pools are at least this large, so that a share such as 0.3 is met to within 0.1 %. */
  static final int MIN_POOL = 1000;
  /** And at most this large: the pool holds references, but a bound keeps memory predictable. */
  static final int MAX_POOL = 200_000;

  /** How many examples of each side a mixed corpus holds (distinct ones, not pool slots). */
  public record Counts(int archivePairs, int basePairs, int archiveUnpaired, int baseUnpaired) {}

  /** The mixed corpus and what went in. */
  public record Mixed(PretrainingCorpus corpus, Counts counts) {}

  private CorpusMix() {}

  /**
   * The corpus to continue pre-training on.
   *
   * @param base the base data set's corpus (its reports first in the mixed report list); null when
   *     {@code baseShare} is 0
   * @param archive the archive's examples
   * @param baseShare share of base examples in each pool, in [0, 1]
   * @param tokenizer the production model's tokenizer (its vocabulary is fixed by the weights)
   * @throws IllegalArgumentException when the share leaves a pool with nothing to draw
   */
  public static Mixed mix(PretrainingCorpus base, ArchiveExamples archive, double baseShare, BpeTokenizer tokenizer,
      long seed) {
    requireShare(baseShare);
    if (baseShare < 1 && archive.paired().isEmpty()) {
      throw new IllegalArgumentException("the archive holds no ECG-report pairs yet (" + archive.counts().summary()
          + "); wait for reports to arrive, or re-train on the base data set alone with --base-mix 1");
    }
    if (base == null && baseShare > 0) {
      throw new IllegalArgumentException("a base share of " + baseShare + " needs the base data set (--data)");
    }
    List<PretrainingExample> basePaired = base == null ? List.of() : base.paired();
    List<PretrainingExample> baseUnpaired = base == null ? List.of() : base.unpaired();
    List<String> reports = new ArrayList<>(base == null ? List.of() : base.cleanedReports());
    int offset = reports.size();
    reports.addAll(archive.reports());
    List<PretrainingExample> archivePairs = archive.paired().stream()
        .map(e -> new PretrainingExample(e.id(), e.window(), e.reportIndex() + offset)).toList();
    Random random = new Random(seed);
    List<PretrainingExample> pairs = pool(archivePairs, basePaired, baseShare, random);
    // Unpaired windows are mixed only when both sides have some; otherwise whichever side has them serves.
    List<PretrainingExample> unpaired = archive.unpaired().isEmpty() || baseUnpaired.isEmpty()
        ? concat(archive.unpaired(), baseUnpaired)
        : pool(archive.unpaired(), baseUnpaired, baseShare, random);
    return new Mixed(new PretrainingCorpus(pairs, unpaired, reports, tokenizer),
        new Counts(archivePairs.size(), basePaired.size(), archive.unpaired().size(), baseUnpaired.size()));
  }

  /**
   * A pool of {@code max(MIN_POOL, archive + base)} slots (at most {@link #MAX_POOL}) with exactly
   * {@code round(baseShare * slots)} base examples; a side with no examples gets no slots.
   */
  static <T> List<T> pool(List<T> archive, List<T> base, double baseShare, Random random) {
    requireShare(baseShare);
    if (archive.isEmpty() && base.isEmpty()) {
      return List.of();
    }
    if (archive.isEmpty() || baseShare == 1) {
      return List.copyOf(base);
    }
    if (base.isEmpty() || baseShare == 0) {
      return List.copyOf(archive);
    }
    int size = Math.min(MAX_POOL, Math.max(MIN_POOL, archive.size() + base.size()));
    int baseSlots = (int) Math.round(baseShare * size);
    List<T> pool = new ArrayList<>(size);
    pool.addAll(cycled(base, baseSlots, random));
    pool.addAll(cycled(archive, size - baseSlots, random));
    return pool;
  }

  private static <T> List<T> cycled(List<T> items, int slots, Random random) {
    List<T> order = new ArrayList<>(items);
    Collections.shuffle(order, random);
    List<T> out = new ArrayList<>(slots);
    for (int i = 0; i < slots; i++) {
      out.add(order.get(i % order.size()));
    }
    return out;
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static void requireShare(double baseShare) {
    if (!(baseShare >= 0 && baseShare <= 1)) {
      throw new IllegalArgumentException("--base-mix must be a share in [0, 1] (0: archive only, 1: base data only), got "
          + baseShare);
    }
  }
}
