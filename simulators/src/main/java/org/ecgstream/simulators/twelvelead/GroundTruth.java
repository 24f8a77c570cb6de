package org.ecgstream.simulators.twelvelead;

import java.util.List;

/**
 * What is true of a simulated recording: its findings, every ventricular beat inside it, the P-wave
 * (atrial depolarisation) times, the mean ventricular rate, the frontal QRS axis in degrees
 * (hexaxial, +90 = towards aVF), the territory of any ST change (null if none), the PR interval of
 * conducted beats in seconds (0 without organised P waves) and the flutter conduction ratio (0 when
 * not flutter or when it varies).
 */
public record GroundTruth(
    List<Finding> findings,
    List<Beat> beats,
    List<Double> pWaveSeconds,
    double meanHeartRateBpm,
    double qrsAxisDegrees,
    Territory stTerritory,
    double prIntervalSeconds,
    int flutterConductionRatio) {

  public GroundTruth {
    findings = List.copyOf(findings);
    beats = List.copyOf(beats);
    pWaveSeconds = List.copyOf(pWaveSeconds);
  }

  public boolean has(Finding finding) {
    return findings.contains(finding);
  }

  public Finding rhythm() {
    return findings.stream().filter(Finding::isRhythm).findFirst().orElseThrow();
  }
}
