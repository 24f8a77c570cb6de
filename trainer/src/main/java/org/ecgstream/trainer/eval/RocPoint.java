package org.ecgstream.trainer.eval;

/** One operating point of a ROC curve: false-positive rate and true-positive rate, both in [0, 1]. */
public record RocPoint(double fpr, double tpr) {}
