package org.ecgstream.trainer.data;

/** PTB-XL's five diagnostic superclasses ({@code diagnostic_class} in {@code scp_statements.csv}). */
public enum DiagnosticSuperclass {
  /** Normal ECG. */
  NORM,
  /** Myocardial infarction. */
  MI,
  /** ST/T change. */
  STTC,
  /** Conduction disturbance. */
  CD,
  /** Hypertrophy. */
  HYP
}
