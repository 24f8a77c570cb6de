package org.ecgstream.simulators.synthetic;

/** Rhythms the synthetic generator draws. */
public enum Rhythm {
  /** Regular P-QRS-T at the set rate with ~2% RR variability. */
  SINUS,
  /** Irregularly irregular RR (+/-25%), no P waves, 5-7 Hz fibrillatory baseline. */
  ATRIAL_FIBRILLATION,
  /** No ventricular activity: baseline and sensor noise only. */
  ASYSTOLE,
  /** Ventricular fibrillation: a 4-6 Hz wandering oscillation of varying amplitude, no QRS. */
  VENTRICULAR_FIBRILLATION,
  /**
   * Monomorphic ventricular tachycardia: regular wide QRS complexes (about 160 ms) with a
   * discordant T wave and no P waves, at the set rate (give 120-250 bpm).
   */
  VENTRICULAR_TACHYCARDIA,
  /**
   * Atrial flutter: a sawtooth of flutter waves at about 300/min, conducted 2:1 to 4:1 so that the
   * ventricles beat at the set rate. Twelve-lead generator only.
   */
  ATRIAL_FLUTTER,
  /**
   * Third-degree (complete) AV block: sinus P waves at their own rate, dissociated from a slow escape
   * rhythm at the set rate (junctional and narrow at 40 bpm or more, ventricular and wide below).
   * Twelve-lead generator only.
   */
  THIRD_DEGREE_AV_BLOCK;

  /** Whether the ventricles beat (QRS complexes are drawn). */
  public boolean beating() {
    return this != ASYSTOLE && this != VENTRICULAR_FIBRILLATION;
  }

  /** Whether the simple beat-train generator draws this rhythm; the others need the twelve-lead generator. */
  public boolean drawnByBeatTrain() {
    return this != ATRIAL_FLUTTER && this != THIRD_DEGREE_AV_BLOCK;
  }
}
