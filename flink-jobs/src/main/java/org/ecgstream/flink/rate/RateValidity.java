package org.ecgstream.flink.rate;

import org.ecgstream.flink.rhythm.RhythmChange;

/**
 * The conditions going on for a patient that make any heart rate meaningless, kept in order with
 * the signal by the rhythm analysis: asystole (the beats in the window are from before it),
 * ventricular fibrillation and noise (the detector counts fibrillation waves or artefact), lost
 * signal (lead-off, flat or saturated leads). A bedside monitor shows "--" then rather than a
 * number, and no rate alarm is raised from it (IEC 60601-2-27 asks that a heart rate shown be one
 * the monitor stands by; the rhythm and technical alarms say what is wrong). A Flink POJO.
 */
public class RateValidity {

  /** The detectors' words while each condition lasts; null when it does not. */
  public String asystole;
  public String fibrillation;
  public String signalLost;
  public String noise;

  /**
   * Records a rhythm change; conditions that leave the rate standing (AF, VT, ST, pauses) are
   * ignored. Returns whether it ends a condition against the rate: the beats up to it are then no
   * heart beats to measure a rate over (fibrillation waves, artefact, the beats before an asystole),
   * and the running rate must start again after it.
   */
  public boolean apply(RhythmChange change) {
    String detail = change.started ? change.detail : null;
    switch (change.condition) {
      case RhythmChange.ASYSTOLE -> asystole = detail;
      case RhythmChange.VENTRICULAR_FIBRILLATION -> fibrillation = detail;
      case RhythmChange.SIGNAL_LOST -> signalLost = detail;
      case RhythmChange.NOISE -> noise = detail;
      default -> {
        return false;
      }
    }
    return !change.started;
  }

  /** {@code measured}, or the same measurement not valid for the most severe condition going on. */
  public HeartRate judge(HeartRate measured) {
    if (asystole != null) {
      return measured.notValid(RhythmChange.ASYSTOLE, asystole);
    }
    if (fibrillation != null) {
      return measured.notValid(RhythmChange.VENTRICULAR_FIBRILLATION, fibrillation);
    }
    if (signalLost != null) {
      return measured.notValid(RhythmChange.SIGNAL_LOST, signalLost);
    }
    if (noise != null) {
      return measured.notValid(RhythmChange.NOISE, noise);
    }
    return measured;
  }
}
