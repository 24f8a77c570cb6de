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
  VENTRICULAR_FIBRILLATION
}
