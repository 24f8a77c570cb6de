package org.ecgstream.simulators.twelvelead;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What to simulate: one rhythm finding plus compatible ectopy, conduction and morphology findings,
 * the territory of any ST change, and the artifacts to add.
 */
public record Scenario(Set<Finding> findings, Territory stTerritory, Artifacts artifacts) {

  public Scenario {
    findings = Collections.unmodifiableSet(EnumSet.copyOf(findings));
    long rhythms = findings.stream().filter(Finding::isRhythm).count();
    if (rhythms != 1) {
      throw new IllegalArgumentException("a scenario needs exactly one rhythm finding, got " + findings);
    }
    Finding rhythm = findings.stream().filter(Finding::isRhythm).findFirst().orElseThrow();
    EnumSet<Finding> seen = EnumSet.of(rhythm);
    for (Finding f : findings) {
      if (f != rhythm && f != Finding.NORMAL_ECG) {
        if (!compatible(rhythm, seen, f)) {
          throw new IllegalArgumentException(f + " cannot be combined with " + seen + " in one scenario");
        }
        seen.add(f);
      }
    }
    if (findings.contains(Finding.NORMAL_ECG) && (!rhythm.isSinus() || seen.size() > 1)) {
      throw new IllegalArgumentException("NORMAL_ECG needs a sinus rhythm and no other finding, got " + findings);
    }
    boolean st = findings.contains(Finding.ST_ELEVATION) || findings.contains(Finding.ST_DEPRESSION);
    if (st && stTerritory == null) {
      stTerritory = findings.contains(Finding.ST_ELEVATION) ? Territory.INFERIOR : Territory.LATERAL;
    }
    if (!st) {
      stTerritory = null;
    }
    if (artifacts == null) {
      artifacts = Artifacts.TYPICAL;
    }
  }

  /** A scenario with typical artifacts and the default ST territory (inferior elevation, lateral depression). */
  public static Scenario of(Finding first, Finding... more) {
    return new Scenario(EnumSet.of(first, more), null, Artifacts.TYPICAL);
  }

  public Scenario withArtifacts(Artifacts next) {
    return new Scenario(findings, stTerritory, next);
  }

  public Scenario withTerritory(Territory next) {
    return new Scenario(findings, next, artifacts);
  }

  public Finding rhythm() {
    return findings.stream().filter(Finding::isRhythm).findFirst().orElseThrow();
  }

  public boolean has(Finding finding) {
    return findings.contains(finding);
  }

  /**
   * Whether {@code candidate} can join a scenario with this rhythm and these other findings: AV
   * conduction findings and atrial ectopy need a sinus rhythm, bigeminy needs conducted beats to
   * alternate with, bundle branch blocks and ST changes exclude each other, and mutually exclusive pairs (PVC and
   * bigeminy, LBBB and RBBB, ST elevation and depression, LVH and low voltage) exclude each other.
   */
  public static boolean compatible(Finding rhythm, Set<Finding> present, Finding candidate) {
    if (candidate.isRhythm() || candidate == Finding.NORMAL_ECG || present.contains(candidate)) {
      return false;
    }
    switch (candidate) {
      case FIRST_DEGREE_AV_BLOCK, PREMATURE_ATRIAL_CONTRACTION:
        return rhythm.isSinus();
      case PREMATURE_VENTRICULAR_CONTRACTION:
        return !present.contains(Finding.VENTRICULAR_BIGEMINY);
      case VENTRICULAR_BIGEMINY:
        return rhythm != Finding.THIRD_DEGREE_AV_BLOCK
            && !present.contains(Finding.PREMATURE_VENTRICULAR_CONTRACTION)
            && !present.contains(Finding.PREMATURE_ATRIAL_CONTRACTION);
      case LEFT_BUNDLE_BRANCH_BLOCK, RIGHT_BUNDLE_BRANCH_BLOCK:
        return rhythm != Finding.THIRD_DEGREE_AV_BLOCK
            && !present.contains(Finding.LEFT_BUNDLE_BRANCH_BLOCK)
            && !present.contains(Finding.RIGHT_BUNDLE_BRANCH_BLOCK)
            && !present.contains(Finding.ST_ELEVATION)
            && !present.contains(Finding.ST_DEPRESSION);
      case ST_ELEVATION, ST_DEPRESSION:
        return !present.contains(Finding.ST_ELEVATION)
            && !present.contains(Finding.ST_DEPRESSION)
            && !present.contains(Finding.LEFT_BUNDLE_BRANCH_BLOCK)
            && !present.contains(Finding.RIGHT_BUNDLE_BRANCH_BLOCK);
      case LEFT_VENTRICULAR_HYPERTROPHY:
        return !present.contains(Finding.LOW_QRS_VOLTAGE);
      case LOW_QRS_VOLTAGE:
        return !present.contains(Finding.LEFT_VENTRICULAR_HYPERTROPHY);
      default:
        return true;
    }
  }
}
