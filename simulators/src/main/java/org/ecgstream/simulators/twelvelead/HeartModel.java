package org.ecgstream.simulators.twelvelead;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One simulated patient's heart: the heart-vector waves of its conducted beats (normal, LBBB or RBBB
 * conduction; LVH or low voltage; ST changes in a territory), its ectopic and escape beats and its P
 * waves, each wave's amplitude and width varied by up to about 20% and the QRS turned to a drawn
 * electrical axis. Wave layout after McSharry et al. (IEEE TBME 2003), in three dimensions.
 */
final class HeartModel {

  private final Random random;
  private final BeatMorphology conducted;
  private final BeatMorphology premature;
  private final BeatMorphology ventricularEscape;
  private final List<HeartVectorWave> sinusP;
  private final List<HeartVectorWave> ectopicP;
  private final double axisDegrees;
  private final double prSeconds;

  HeartModel(Scenario scenario, Random random) {
    this.random = random;
    double qrsWidthScale = scenario.has(Finding.LEFT_BUNDLE_BRANCH_BLOCK) || scenario.has(Finding.RIGHT_BUNDLE_BRANCH_BLOCK)
        ? uniform(0.92, 1.1) // complete BBB: 130-170 ms
        : uniform(0.9, 1.1);
    BeatMorphology base;
    double targetAxis;
    if (scenario.has(Finding.LEFT_BUNDLE_BRANCH_BLOCK)) {
      base = leftBundleBranchBlock(qrsWidthScale);
      targetAxis = clampedGaussian(5, 25, -60, 75);
    } else if (scenario.has(Finding.RIGHT_BUNDLE_BRANCH_BLOCK)) {
      base = rightBundleBranchBlock(qrsWidthScale);
      targetAxis = clampedGaussian(55, 40, -70, 120);
    } else {
      base = normal(qrsWidthScale);
      targetAxis = scenario.has(Finding.LEFT_VENTRICULAR_HYPERTROPHY)
          ? clampedGaussian(15, 25, -45, 80)
          : clampedGaussian(50, 28, -45, 115);
    }
    double qrsScale = uniform(0.8, 1.2);
    if (scenario.has(Finding.LEFT_VENTRICULAR_HYPERTROPHY)) {
      qrsScale *= uniform(1.9, 2.4);
    } else if (scenario.has(Finding.LOW_QRS_VOLTAGE)) {
      qrsScale = uniform(0.3, 0.42);
      base = base.withRepolarisationScaled(0.6);
    }
    base = base.withQrsScaled(qrsScale);
    double rotation = rotationToAxis(base, targetAxis);
    base = base.rotatedFrontal(rotation);
    this.axisDegrees = DowerLeadVectors.frontalAxisDegrees(base.meanQrsVector());
    if (scenario.stTerritory() != null) {
      base = withStChange(base, scenario);
    }
    this.conducted = base;
    this.premature = ectopicVentricular();
    this.ventricularEscape = ectopicVentricular();
    this.prSeconds = scenario.has(Finding.FIRST_DEGREE_AV_BLOCK) ? uniform(0.23, 0.34) : uniform(0.13, 0.19);
    this.sinusP = drawSinusP();
    this.ectopicP = drawEctopicP();
  }

  BeatMorphology conducted() {
    return conducted;
  }

  BeatMorphology premature() {
    return premature;
  }

  BeatMorphology ventricularEscape() {
    return ventricularEscape;
  }

  /** P-wave components relative to the P-wave centre. */
  List<HeartVectorWave> sinusP() {
    return sinusP;
  }

  List<HeartVectorWave> ectopicP() {
    return ectopicP;
  }

  double axisDegrees() {
    return axisDegrees;
  }

  /** From the P-wave centre to the R peak of a conducted beat, about the PR interval. */
  double prSeconds() {
    return prSeconds;
  }

  private BeatMorphology normal(double w) {
    List<HeartVectorWave> qrs = List.of(
        gauss(-0.028 * w, 0.008 * w, new Vector3(-0.15, 0.0, -0.2)), // septal: right and anterior
        gauss(0.0, 0.010 * w, new Vector3(0.9, 0.7, 0.45)), // free wall: left, inferior, posterior
        gauss(0.027 * w, 0.009 * w, new Vector3(-0.3, -0.1, 0.4))); // basal: right, superior, posterior
    return new BeatMorphology(qrs, tWave(new Vector3(0.3, 0.25, -0.1)));
  }

  /** Left bundle branch block: no septal q, a broad notched leftward-posterior QRS, discordant ST-T. */
  private BeatMorphology leftBundleBranchBlock(double w) {
    List<HeartVectorWave> qrs = List.of(
        gauss(-0.042 * w, 0.018 * w, new Vector3(0.45, 0.25, 0.45)),
        gauss(0.0, 0.02 * w, new Vector3(0.65, 0.2, 0.75)),
        gauss(0.036 * w, 0.015 * w, new Vector3(0.3, 0.0, 0.45)));
    List<HeartVectorWave> repol = new ArrayList<>(tWave(new Vector3(-0.3, 0.0, -0.35)));
    repol.add(HeartVectorWave.plateau(0.06 * w, 0.16, new Vector3(-0.06, 0.0, -0.09).times(uniform(0.7, 1.3))));
    return new BeatMorphology(qrs, repol);
  }

  /** Right bundle branch block: normal start, then late rightward-anterior forces (R' in V1, broad S in I and V6). */
  private BeatMorphology rightBundleBranchBlock(double w) {
    List<HeartVectorWave> qrs = List.of(
        gauss(-0.028 * w, 0.008 * w, new Vector3(-0.15, 0.0, -0.25)),
        gauss(0.0, 0.010 * w, new Vector3(0.9, 0.7, 0.45)),
        gauss(0.026 * w, 0.010 * w, new Vector3(0.0, -0.1, 0.35)),
        gauss(0.068 * w, 0.022 * w, new Vector3(-0.3, -0.05, -0.7)));
    return new BeatMorphology(qrs, tWave(new Vector3(0.35, 0.2, 0.3)));
  }

  /** Asymmetric T wave (slow rise, faster fall) as two Gaussians; times for an RR of 1 s. */
  private List<HeartVectorWave> tWave(Vector3 direction) {
    double peak = uniform(0.26, 0.31);
    double amplitude = uniform(0.8, 1.2);
    double width = uniform(0.85, 1.15);
    return List.of(
        gauss(peak - 0.02, 0.055 * width, direction.times(0.75 * amplitude)),
        gauss(peak + 0.03, 0.035 * width, direction.times(0.35 * amplitude)));
  }

  /** Wide bizarre ectopic ventricular beat from a random right- or left-ventricular focus, T opposite to QRS. */
  private BeatMorphology ectopicVentricular() {
    Vector3 focus = random.nextBoolean() ? new Vector3(0.35, 0.75, 0.55) : new Vector3(-0.55, 0.35, -0.7);
    Vector3 d = focus.plus(new Vector3(gaussian(0.25), gaussian(0.25), gaussian(0.25)));
    d = d.times(1 / d.norm());
    double a = uniform(1.3, 2.2);
    List<HeartVectorWave> qrs = List.of(
        gauss(0.0, uniform(0.022, 0.03), d.times(a)),
        gauss(0.05, uniform(0.026, 0.034), d.rotateHorizontal(Math.toRadians(uniform(-50, 50))).times(0.55 * a)));
    List<HeartVectorWave> repol = List.of(
        HeartVectorWave.plateau(0.1, 0.15, d.times(-0.08 * a)),
        gauss(0.32, uniform(0.06, 0.08), d.times(-uniform(0.25, 0.4) * a)));
    return new BeatMorphology(qrs, repol);
  }

  /** Right then left atrial depolarisation: upright in II, biphasic in V1. */
  private List<HeartVectorWave> drawSinusP() {
    double a = uniform(0.8, 1.2);
    double w = uniform(0.85, 1.15);
    return List.of(
        gauss(-0.012 * w, 0.02 * w, new Vector3(0.03, 0.10, -0.04).times(a)),
        gauss(0.012 * w, 0.02 * w, new Vector3(0.12, 0.05, 0.04).times(a)));
  }

  /** A premature atrial beat from a low atrial focus: inverted in the inferior leads. */
  private List<HeartVectorWave> drawEctopicP() {
    double a = uniform(0.7, 1.2);
    return List.of(gauss(0.0, uniform(0.018, 0.026), new Vector3(0.06, -0.12, 0.02).times(a)));
  }

  /** ST plateau from the J point into the T wave along (elevation) or against (depression) the territory's injury current. */
  private BeatMorphology withStChange(BeatMorphology base, Scenario scenario) {
    Vector3 injury = scenario.stTerritory().injuryDirection();
    injury = injury.times(1 / injury.norm());
    double jSeconds = 0.045;
    if (scenario.has(Finding.ST_ELEVATION)) {
      double mv = uniform(0.15, 0.35);
      return base.plusRepolarisation(HeartVectorWave.plateau(jSeconds, 0.2, injury.times(mv)))
          .plusRepolarisation(gauss(0.26, 0.06, injury.times(0.6 * mv)));
    }
    double mv = uniform(0.08, 0.2);
    return base.withRepolarisationScaled(uniform(0.3, 0.7))
        .plusRepolarisation(HeartVectorWave.plateau(jSeconds, 0.2, injury.times(-mv)));
  }

  /** Frontal rotation that brings the QRS axis to {@code targetDegrees} (iterated: Dower's leads are not orthogonal). */
  private static double rotationToAxis(BeatMorphology morphology, double targetDegrees) {
    double rotation = 0;
    for (int i = 0; i < 30; i++) {
      double axis = DowerLeadVectors.frontalAxisDegrees(morphology.meanQrsVector().rotateFrontal(rotation));
      double error = Math.IEEEremainder(targetDegrees - axis, 360);
      if (Math.abs(error) < 0.5) {
        break;
      }
      rotation += Math.toRadians(error) * 0.8;
    }
    return rotation;
  }

  /** A Gaussian wave with amplitude and width each varied by up to about 20%. */
  private HeartVectorWave gauss(double centre, double width, Vector3 amplitude) {
    return HeartVectorWave.gaussian(centre, width * uniform(0.95, 1.05), amplitude.times(uniform(0.8, 1.2)));
  }

  private double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }

  private double gaussian(double sd) {
    return sd * random.nextGaussian();
  }

  private double clampedGaussian(double mean, double sd, double lo, double hi) {
    return Math.max(lo, Math.min(hi, mean + sd * random.nextGaussian()));
  }
}
