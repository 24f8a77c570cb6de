package org.ecgstream.trainer.retrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a re-trained candidate may be published: every gated metric (an AUC, higher is
 * better) of the candidate must be at least production's minus {@link #toleranceAuc}, both measured
 * on the same fixed held-out set, and the candidate's ONNX export must have passed its parity
 * check. A negative tolerance demands an improvement of at least that much. A candidate that would
 * lose a label, advisory or evidence the parent serves ({@link LabelLoss}, found by
 * {@link ParentLabels}) is refused too, unless the run allows it ({@code --allow-label-loss}).
 *
 * @param metrics the metric keys gated, e.g. {@link HeldOutEvaluation#ZERO_SHOT_AF_AUC}
 * @param toleranceAuc how much worse than production a metric may be, in AUC units, in [-1, 1]
 */
public record RetrainGate(List<String> metrics, double toleranceAuc) {

  public RetrainGate {
    metrics = List.copyOf(metrics);
    if (metrics.isEmpty()) {
      throw new IllegalArgumentException("a re-training gate needs at least one metric");
    }
    if (!(toleranceAuc >= -1 && toleranceAuc <= 1)) {
      throw new IllegalArgumentException("gate tolerance must be an AUC difference in [-1, 1], got " + toleranceAuc
          + " (e.g. --tolerance 0.02 lets a metric drop by 0.02)");
    }
  }

  /** One metric that failed the gate, with what it was compared against. */
  public record Failure(String metric, double candidate, double production, double toleranceAuc) {
    /** "zero_shot_af_auc 0.612 is below production's 0.700 by more than the tolerance 0.020". */
    public String message() {
      return String.format(Locale.ROOT, "%s %.4f is below production's %.4f by more than the tolerance %.4f",
          metric, candidate, production, toleranceAuc);
    }
  }

  /**
   * A label of the parent the candidate would not serve as the parent does.
   *
   * @param label the label, e.g. "st_change"
   * @param message what is lost and why, with the candidate's and the parent's figures
   */
  public record LabelLoss(String label, String message) {}

  /**
   * The gate's decision.
   *
   * @param failures metrics worse than allowed (empty when passed on metrics)
   * @param labelLosses the parent's labels, advisories or evidence the candidate would lose
   * @param labelLossAllowed whether the run allows those losses (--allow-label-loss)
   * @param parityPassed whether the candidate's ONNX export matched its DJL model
   * @param parityDetail the parity figures or the parity failure, for the message
   */
  public record Decision(List<Failure> failures, List<LabelLoss> labelLosses, boolean labelLossAllowed,
      boolean parityPassed, String parityDetail) {
    public Decision {
      failures = List.copyOf(failures);
      labelLosses = List.copyOf(labelLosses);
    }

    /** A decision on metrics and parity only. */
    public Decision(List<Failure> failures, boolean parityPassed, String parityDetail) {
      this(failures, List.of(), false, parityPassed, parityDetail);
    }

    /** This decision with the label losses found for the candidate. */
    public Decision withLabelLosses(List<LabelLoss> losses, boolean allowed) {
      return new Decision(failures, losses, allowed, parityPassed, parityDetail);
    }

    public boolean passed() {
      return failures.isEmpty() && parityPassed && (labelLosses.isEmpty() || labelLossAllowed);
    }

    /**
     * Why the candidate was refused, every failing check on its own clause; "passed" when it was
     * not, followed by the losses it was allowed.
     */
    public String explanation() {
      if (passed()) {
        return labelLosses.isEmpty() ? "passed" : "passed, allowed to lose (--allow-label-loss): "
            + String.join("; ", labelLosses.stream().map(LabelLoss::message).toList());
      }
      List<String> reasons = new ArrayList<>();
      if (!parityPassed) {
        reasons.add("parity check failed (" + parityDetail + ")");
      }
      failures.forEach(f -> reasons.add(f.message()));
      if (!labelLossAllowed) {
        labelLosses.forEach(l -> reasons.add(l.message() + " (--allow-label-loss publishes it anyway)"));
      }
      return String.join("; ", reasons);
    }
  }

  /**
   * Compares {@code candidate} with {@code production}.
   *
   * @throws IllegalArgumentException when either lacks a gated metric (the evaluations differ)
   */
  public Decision decide(Map<String, Double> candidate, Map<String, Double> production, boolean parityPassed,
      String parityDetail) {
    List<Failure> failures = new ArrayList<>();
    for (String metric : metrics) {
      Double c = candidate.get(metric);
      Double p = production.get(metric);
      if (c == null || p == null) {
        throw new IllegalArgumentException("gate metric " + metric + " is missing from the "
            + (c == null ? "candidate's" : "production model's") + " evaluation (both must be evaluated alike)");
      }
      if (c.isNaN() || c < p - toleranceAuc) {
        failures.add(new Failure(metric, c, p, toleranceAuc));
      }
    }
    return new Decision(failures, parityPassed, parityDetail);
  }
}
