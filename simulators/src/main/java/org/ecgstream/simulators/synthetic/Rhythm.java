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
  VENTRICULAR_TACHYCARDIA;

  /** Whether the ventricles beat (QRS complexes are drawn). */
  public boolean beating() {
    return this == SINUS || this == ATRIAL_FIBRILLATION || this == VENTRICULAR_TACHYCARDIA;
  }
}
