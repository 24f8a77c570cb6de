package org.ecgstream.simulators.twelvelead;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws the beat timing of a scenario's rhythm: sinus rhythms with respiratory and 0.1 Hz heart-rate
 * variability (RR coefficient of variation about 2-5%, 8-15% for sinus arrhythmia); atrial
 * fibrillation as independent log-normal RR intervals (CV 0.15-0.3, after the irregularly irregular
 * ventricular response); flutter at 250-340/min with 2:1, 4:1 or variable conduction; complete AV block
 * with independent atrial and escape rhythms; premature beats with their pauses (compensatory after a
 * PVC, resetting the sinus node after a PAC).
 */
final class RhythmScheduler {

  private final Scenario scenario;
  private final Random random;
  private final double prSeconds;
  private final double respirationHz;
  private final List<BeatSchedule.AtrialEvent> atrial = new ArrayList<>();
  private final List<BeatSchedule.VentricularEvent> ventricular = new ArrayList<>();
  private double lastR = Double.NaN;
  private double pvcProbability;
  private double pacProbability;
  private boolean lastEctopic;

  RhythmScheduler(Scenario scenario, Random random, double prSeconds, double respirationHz) {
    this.scenario = scenario;
    this.random = random;
    this.prSeconds = prSeconds;
    this.respirationHz = respirationHz;
  }

  /** The schedule for {@code [fromSeconds, toSeconds)}; drawn a little beyond so waves at the edges are complete. */
  BeatSchedule schedule(double fromSeconds, double toSeconds) {
    pvcProbability = uniform(0.05, 0.18);
    pacProbability = uniform(0.05, 0.15);
    Finding rhythm = scenario.rhythm();
    double rateBpm = uniform(rhythm.minRateBpm(), rhythm.maxRateBpm());
    switch (rhythm) {
      case ATRIAL_FIBRILLATION:
        fibrillation(fromSeconds, toSeconds, 60 / rateBpm);
        return new BeatSchedule(atrial, ventricular, 0, 0, 0);
      case ATRIAL_FLUTTER:
        return flutter(fromSeconds, toSeconds);
      case THIRD_DEGREE_AV_BLOCK:
        completeBlock(fromSeconds, toSeconds);
        return new BeatSchedule(atrial, ventricular, 0, 0, 0);
      default:
        sinus(fromSeconds, toSeconds, 60 / rateBpm, rhythm == Finding.SINUS_ARRHYTHMIA);
        return new BeatSchedule(atrial, ventricular, 0, 0, 0);
    }
  }

  private void sinus(double from, double to, double meanRr, boolean arrhythmia) {
    double respAmp = arrhythmia ? uniform(0.11, 0.18) : uniform(0.01, 0.04);
    double lfAmp = uniform(0.005, 0.02);
    double respPhase = uniform(0, 2 * Math.PI);
    double lfPhase = uniform(0, 2 * Math.PI);
    double p = from + uniform(0, meanRr);
    double previousRr = meanRr;
    while (p < to) {
      double rr = meanRr * (1 + respAmp * Math.sin(2 * Math.PI * respirationHz * p + respPhase)
          + lfAmp * Math.sin(2 * Math.PI * 0.1 * p + lfPhase) + 0.006 * random.nextGaussian());
      Ectopy ectopy = nextEctopy();
      if (ectopy == Ectopy.ATRIAL && !Double.isNaN(lastR)) {
        double early = atrial.get(atrial.size() - 1).seconds() + uniform(0.6, 0.8) * previousRr;
        atrial.add(new BeatSchedule.AtrialEvent(early, true));
        beat(early + prSeconds * uniform(0.9, 1.1), BeatType.PREMATURE_ATRIAL);
        p = early + rr; // the premature beat resets the sinus node
      } else if (ectopy == Ectopy.VENTRICULAR && !Double.isNaN(lastR)) {
        atrial.add(new BeatSchedule.AtrialEvent(p, false)); // hidden in the PVC, not conducted
        beat(lastR + uniform(0.55, 0.7) * previousRr, BeatType.PREMATURE_VENTRICULAR);
        p += rr; // the sinus node is undisturbed: a full compensatory pause
      } else {
        atrial.add(new BeatSchedule.AtrialEvent(p, false));
        beat(p + prSeconds, BeatType.NORMAL);
        lastEctopic = false;
        p += rr;
      }
      previousRr = rr;
    }
  }

  private void fibrillation(double from, double to, double meanRr) {
    double sigma = uniform(0.16, 0.3);
    double minRr = Math.max(0.26, 0.45 * meanRr);
    double r = from + uniform(0, meanRr);
    while (r < to) {
      Ectopy ectopy = nextEctopy();
      if (ectopy == Ectopy.VENTRICULAR && !Double.isNaN(lastR)) {
        double pvc = lastR + uniform(0.5, 0.7) * meanRr;
        beat(pvc, BeatType.PREMATURE_VENTRICULAR);
        r = pvc + meanRr * uniform(1.1, 1.6);
        continue;
      }
      beat(r, BeatType.NORMAL);
      lastEctopic = false;
      r += Math.max(minRr, meanRr * Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2));
    }
  }

  private BeatSchedule flutter(double from, double to) {
    double period = 60 / uniform(250, 340);
    double offset = uniform(0, period);
    double delay = uniform(0.12, 0.24);
    double choice = random.nextDouble();
    int ratio = choice < 0.45 ? 2 : choice < 0.8 ? 4 : 0;
    long k = (long) Math.floor((from - offset) / period);
    while (offset + k * period < to) {
      double r = offset + k * period + delay;
      if (nextEctopy() == Ectopy.VENTRICULAR && !Double.isNaN(lastR)) {
        beat(lastR + uniform(0.5, 0.7) * (r - lastR), BeatType.PREMATURE_VENTRICULAR);
        k += 2 * (ratio == 0 ? 2 : ratio);
        continue;
      }
      beat(r, BeatType.NORMAL);
      lastEctopic = false;
      int step = ratio != 0 ? ratio : new int[] {2, 2, 3, 4, 4}[random.nextInt(5)];
      k += step;
    }
    return new BeatSchedule(atrial, ventricular, period, offset, ratio);
  }

  private void completeBlock(double from, double to) {
    double atrialRr = 60 / uniform(60, 100);
    for (double p = from + uniform(0, atrialRr); p < to; p += atrialRr * (1 + 0.02 * random.nextGaussian())) {
      atrial.add(new BeatSchedule.AtrialEvent(p, false));
    }
    boolean junctional = random.nextBoolean();
    double escapeRr = 60 / (junctional ? uniform(40, 55) : uniform(25, 40));
    BeatType type = junctional ? BeatType.JUNCTIONAL_ESCAPE : BeatType.VENTRICULAR_ESCAPE;
    for (double r = from + uniform(0, escapeRr); r < to; r += escapeRr * (1 + 0.015 * random.nextGaussian())) {
      if (nextEctopy() == Ectopy.VENTRICULAR && !Double.isNaN(lastR)) {
        beat(lastR + uniform(0.45, 0.6) * escapeRr, BeatType.PREMATURE_VENTRICULAR);
        r = lastR;
        continue;
      }
      beat(r, type);
      lastEctopic = false;
    }
  }

  private enum Ectopy { NONE, ATRIAL, VENTRICULAR }

  private Ectopy nextEctopy() {
    if (scenario.has(Finding.VENTRICULAR_BIGEMINY)) {
      return lastEctopic ? Ectopy.NONE : Ectopy.VENTRICULAR;
    }
    if (lastEctopic) {
      return Ectopy.NONE;
    }
    if (scenario.has(Finding.PREMATURE_VENTRICULAR_CONTRACTION) && random.nextDouble() < pvcProbability) {
      return Ectopy.VENTRICULAR;
    }
    if (scenario.has(Finding.PREMATURE_ATRIAL_CONTRACTION) && random.nextDouble() < pacProbability) {
      return Ectopy.ATRIAL;
    }
    return Ectopy.NONE;
  }

  private void beat(double seconds, BeatType type) {
    double rr = Double.isNaN(lastR) ? 0.8 : seconds - lastR;
    ventricular.add(new BeatSchedule.VentricularEvent(seconds, rr, type));
    lastR = seconds;
    if (type == BeatType.PREMATURE_ATRIAL || type == BeatType.PREMATURE_VENTRICULAR) {
      lastEctopic = true;
    }
  }

  private double uniform(double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }
}
