package org.ecgstream.simulators.twelvelead;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws random realistic scenarios for training: one rhythm from a configurable mix, then 0-2
 * compatible ectopy, conduction or morphology findings ({@link Scenario#compatible}), "normal ECG"
 * for sinus rhythms with nothing else, an ST territory, and artifacts from clean to noisy with
 * mains interference now and then. Deterministic for a seed.
 */
public final class ScenarioSampler {

  /** Findings that may join a rhythm, with their relative frequency. */
  private static final Map<Finding, Double> SECONDARY_WEIGHTS = secondaryWeights();

  private final Map<Finding, Double> rhythmMix;
  private final double[] secondaryCountWeights;
  private final double mainsProbability;
  private final Random random;

  /** The default mix: half sinus rhythms, a fifth atrial fibrillation, the rest other rhythms. */
  public ScenarioSampler(long seed) {
    this(defaultRhythmMix(), new double[] {0.45, 0.35, 0.20}, 0.25, seed);
  }

  /**
   * @param rhythmMix relative weight of each rhythm finding (non-rhythm keys are rejected)
   * @param secondaryCountWeights relative weight of drawing 0, 1, 2, ... secondary findings
   * @param mainsProbability share of recordings with 50 or 60 Hz interference
   */
  public ScenarioSampler(Map<Finding, Double> rhythmMix, double[] secondaryCountWeights, double mainsProbability, long seed) {
    for (Map.Entry<Finding, Double> e : rhythmMix.entrySet()) {
      if (!e.getKey().isRhythm() || !(e.getValue() >= 0)) {
        throw new IllegalArgumentException("rhythm mix needs rhythm findings with weights >= 0, got " + e);
      }
    }
    if (rhythmMix.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException("rhythm mix has no positive weight: " + rhythmMix);
    }
    if (secondaryCountWeights.length == 0) {
      throw new IllegalArgumentException("secondaryCountWeights needs at least the weight of 0 findings");
    }
    this.rhythmMix = new EnumMap<>(rhythmMix);
    this.secondaryCountWeights = secondaryCountWeights.clone();
    this.mainsProbability = mainsProbability;
    this.random = new Random(seed);
  }

  public static Map<Finding, Double> defaultRhythmMix() {
    Map<Finding, Double> mix = new EnumMap<>(Finding.class);
    mix.put(Finding.SINUS_RHYTHM, 0.34);
    mix.put(Finding.SINUS_BRADYCARDIA, 0.08);
    mix.put(Finding.SINUS_TACHYCARDIA, 0.08);
    mix.put(Finding.SINUS_ARRHYTHMIA, 0.06);
    mix.put(Finding.ATRIAL_FIBRILLATION, 0.24);
    mix.put(Finding.ATRIAL_FLUTTER, 0.12);
    mix.put(Finding.THIRD_DEGREE_AV_BLOCK, 0.08);
    return Collections.unmodifiableMap(mix);
  }

  public Scenario next() {
    Finding rhythm = pick(rhythmMix);
    int count = pickIndex(secondaryCountWeights);
    EnumSet<Finding> findings = EnumSet.of(rhythm);
    EnumSet<Finding> present = EnumSet.of(rhythm);
    for (int i = 0; i < count; i++) {
      Map<Finding, Double> candidates = new EnumMap<>(Finding.class);
      SECONDARY_WEIGHTS.forEach((f, w) -> {
        if (Scenario.compatible(rhythm, present, f)) {
          candidates.put(f, w);
        }
      });
      if (candidates.isEmpty()) {
        break;
      }
      Finding f = pick(candidates);
      findings.add(f);
      present.add(f);
    }
    if (rhythm.isSinus() && findings.size() == 1 && random.nextDouble() < 0.9) {
      findings.add(Finding.NORMAL_ECG);
    }
    List<Territory> territories = List.of(Territory.values());
    Territory territory = territories.get(random.nextInt(territories.size()));
    double noise = random.nextDouble() < 0.1 ? 0.2 * random.nextDouble() : 0.3 + 1.7 * random.nextDouble();
    double mains = random.nextDouble() < mainsProbability ? (random.nextDouble() < 0.8 ? 50 : 60) : 0;
    return new Scenario(findings, territory, new Artifacts(noise, mains));
  }

  private Finding pick(Map<Finding, Double> weights) {
    List<Finding> keys = new ArrayList<>(weights.keySet());
    double[] w = keys.stream().mapToDouble(weights::get).toArray();
    return keys.get(pickIndex(w));
  }

  private int pickIndex(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static Map<Finding, Double> secondaryWeights() {
    Map<Finding, Double> w = new EnumMap<>(Finding.class);
    w.put(Finding.PREMATURE_VENTRICULAR_CONTRACTION, 0.14);
    w.put(Finding.VENTRICULAR_BIGEMINY, 0.05);
    w.put(Finding.PREMATURE_ATRIAL_CONTRACTION, 0.10);
    w.put(Finding.FIRST_DEGREE_AV_BLOCK, 0.10);
    w.put(Finding.LEFT_BUNDLE_BRANCH_BLOCK, 0.08);
    w.put(Finding.RIGHT_BUNDLE_BRANCH_BLOCK, 0.10);
    w.put(Finding.ST_ELEVATION, 0.08);
    w.put(Finding.ST_DEPRESSION, 0.13);
    w.put(Finding.LEFT_VENTRICULAR_HYPERTROPHY, 0.13);
    w.put(Finding.LOW_QRS_VOLTAGE, 0.09);
    return Collections.unmodifiableMap(w);
  }
}
