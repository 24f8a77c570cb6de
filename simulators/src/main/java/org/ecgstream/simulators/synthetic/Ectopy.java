package org.ecgstream.simulators.synthetic;

/** Ventricular ectopic beats scripted on top of a rhythm (twelve-lead generator only). */
public enum Ectopy {
  /** None. */
  NONE,
  /** Isolated premature ventricular contractions at a scripted rate, each followed by a compensatory pause. */
  PVC,
  /** Ventricular bigeminy: every other beat a premature ventricular contraction. */
  BIGEMINY
}
