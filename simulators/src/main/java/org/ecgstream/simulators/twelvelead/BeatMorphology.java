package org.ecgstream.simulators.twelvelead;

import java.util.ArrayList;
import java.util.List;

/**
 * The heart-vector waves of one kind of ventricular beat, times relative to its R peak:
 * depolarisation (QRS) waves at fixed times, repolarisation (ST plateau, T) waves whose times
 * stretch with the square root of the preceding RR interval (Bazett 1920).
 */
public record BeatMorphology(List<HeartVectorWave> qrs, List<HeartVectorWave> repolarisation) {

  public BeatMorphology {
    qrs = List.copyOf(qrs);
    repolarisation = List.copyOf(repolarisation);
  }

  /** The waves of a beat after an RR interval of {@code rrSeconds}, with QRS amplitude scaled by {@code qrsScale}. */
  public List<HeartVectorWave> wavesFor(double rrSeconds, double qrsScale) {
    double stretch = Math.sqrt(Math.max(0.3, Math.min(rrSeconds, 2.0)));
    List<HeartVectorWave> out = new ArrayList<>(qrs.size() + repolarisation.size());
    for (HeartVectorWave w : qrs) {
      out.add(w.scaled(qrsScale));
    }
    for (HeartVectorWave w : repolarisation) {
      double centre = w.plateau() ? w.centreSeconds() : w.centreSeconds() * stretch;
      double width = w.plateau() ? w.widthSeconds() * stretch : w.widthSeconds() * Math.sqrt(stretch);
      out.add(new HeartVectorWave(centre, width, w.amplitudeMv(), w.plateau()));
    }
    return out;
  }

  /** Net QRS vector (amplitude times width summed over QRS waves), whose frontal angle is the electrical axis. */
  public Vector3 meanQrsVector() {
    Vector3 sum = Vector3.ZERO;
    for (HeartVectorWave w : qrs) {
      sum = sum.plus(w.amplitudeMv().times(w.widthSeconds()));
    }
    return sum;
  }

  public BeatMorphology rotatedFrontal(double radians) {
    return new BeatMorphology(
        qrs.stream().map(w -> w.rotatedFrontal(radians)).toList(),
        repolarisation.stream().map(w -> w.rotatedFrontal(radians)).toList());
  }

  public BeatMorphology withQrsScaled(double k) {
    return new BeatMorphology(qrs.stream().map(w -> w.scaled(k)).toList(), repolarisation);
  }

  public BeatMorphology withRepolarisationScaled(double k) {
    return new BeatMorphology(qrs, repolarisation.stream().map(w -> w.scaled(k)).toList());
  }

  public BeatMorphology plusRepolarisation(HeartVectorWave wave) {
    List<HeartVectorWave> more = new ArrayList<>(repolarisation);
    more.add(wave);
    return new BeatMorphology(qrs, more);
  }
}
