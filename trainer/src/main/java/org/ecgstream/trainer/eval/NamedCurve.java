package org.ecgstream.trainer.eval;

import java.util.List;

/** A ROC curve with the name and AUC shown for it in a {@link RocPlot} legend. */
public record NamedCurve(String name, List<RocPoint> points, double auc) {

  /** Curve and AUC of {@code scores} against {@code positive}, labelled {@code name}. */
  public static NamedCurve of(String name, double[] scores, boolean[] positive) {
    return new NamedCurve(name, RocAuc.curve(scores, positive), RocAuc.auc(scores, positive));
  }
}
