package org.ecgstream.simulators.twelvelead;

/** Origin of a ventricular beat, as an annotator would label it (MIT-BIH symbols in brackets). */
public enum BeatType {
  /** Conducted from the sinus node or the flutter/fibrillating atria (N). */
  NORMAL,
  /** Conducted from a premature atrial focus (A). */
  PREMATURE_ATRIAL,
  /** Premature ventricular contraction (V). */
  PREMATURE_VENTRICULAR,
  /** Narrow escape beat from the AV junction (j). */
  JUNCTIONAL_ESCAPE,
  /** Wide escape beat from the ventricles (E). */
  VENTRICULAR_ESCAPE
}
