package org.ecgstream.trainer.retrain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.eval.AdvisoryLabel;
import org.ecgstream.trainer.eval.AdvisoryLabelEvaluation;
import org.ecgstream.trainer.eval.AdvisoryLabelEvaluation.Decision;
import org.ecgstream.trainer.eval.Prompts;
import org.ecgstream.trainer.export.AdvisoryBundleVersion;

/**
 * The labels a parent bundle serves beyond the rhythm set a fresh export has (e.g. {@code st_change},
 * {@code conduction_block} of cmelt-tiny 0.2.0), which a re-trained candidate must carry over with
 * its own calibration: a calibration maps one set of weights' cosines to probabilities, so the
 * parent's cannot be copied. They are re-evaluated by {@link AdvisoryLabelEvaluation} on PTB-XL
 * under the data root; this class says what the candidate would lose compared with the parent.
 */
final class ParentLabels {

  /** Where PTB-XL is expected under the re-training data root (as {@code CorpusBuilder} reads it). */
  static final String PTBXL_DIR = "ptbxl";
  private static final String FIGURES = "ptbxl.advisory.";
  private static final String PARENT_FIGURES = "ptbxl.advisory.production.";

  private final BundleManifest parent;
  private final List<String> labels;

  ParentLabels(BundleManifest parent) {
    this.parent = parent;
    Set<String> rhythm = Set.copyOf(Prompts.rhythm().labels());
    this.labels = parent.prompts().keySet().stream().filter(l -> !rhythm.contains(l)).toList();
  }

  /** The parent's labels beyond the rhythm set, in its manifest's order. */
  List<String> labels() {
    return labels;
  }

  /**
   * Why these labels cannot be re-evaluated under {@code dataRoot} (no PTB-XL there, or a label
   * the advisory evaluation does not know), or null when they can.
   */
  String cannotEvaluate(Path dataRoot) {
    if (labels.isEmpty()) {
      return null;
    }
    Set<String> known = Arrays.stream(AdvisoryLabel.values()).map(AdvisoryLabel::label).collect(Collectors.toSet());
    List<String> unknown = labels.stream().filter(l -> !known.contains(l)).toList();
    if (!unknown.isEmpty()) {
      return "production " + parent.version() + " has labels " + unknown + " that the advisory evaluation does not"
          + " know (it evaluates " + known + "), so a candidate cannot re-calibrate them";
    }
    Path ptbxl = dataRoot.resolve(PTBXL_DIR);
    if (!Files.isRegularFile(ptbxl.resolve(PtbXlDataset.DATABASE_CSV))) {
      return "production " + parent.version() + " has labels " + labels + " beyond the rhythm set; re-calibrating them"
          + " for the candidate needs PTB-XL at " + ptbxl.toAbsolutePath() + " (" + PtbXlDataset.DATABASE_CSV
          + " and records100/, as in ../shared/data; --data names the folder that holds ptbxl/)";
    }
    return null;
  }

  /** Only the parent's labels of an advisory evaluation's {@code labels}. */
  Map<String, Map<String, Object>> ofParent(Map<String, Map<String, Object>> evaluated) {
    Map<String, Map<String, Object>> only = new LinkedHashMap<>();
    for (String label : labels) {
      if (evaluated.containsKey(label)) {
        only.put(label, evaluated.get(label));
      }
    }
    return only;
  }

  /**
   * What the candidate would lose, per parent label: the whole label when its re-evaluation rates
   * it NONE or it was not evaluated (then also its advisory and evidence), its advisory when it is
   * no longer rated ADVISORY, its evidence when that no longer follows. Each message names the
   * label, the candidate's fold-10 AUC with its interval, and the parent's.
   *
   * @param evaluated the candidate's evaluation, {@link #ofParent} (empty when it could not run)
   * @param whyNotEvaluated why a label is missing from {@code evaluated}, for its message
   */
  List<RetrainGate.LabelLoss> losses(Map<String, Map<String, Object>> evaluated, String whyNotEvaluated) {
    List<RetrainGate.LabelLoss> losses = new ArrayList<>();
    for (String label : labels) {
      String serves = serves(label);
      Map<String, Object> l = evaluated.get(label);
      if (l == null) {
        losses.add(new RetrainGate.LabelLoss(label, label + " was not re-evaluated (" + whyNotEvaluated
            + "), so the candidate would lose it (" + serves + ")"));
        continue;
      }
      Decision decision = AdvisoryBundleVersion.decision(l);
      String figures = label + ": candidate fold-10 AUC " + candidateAuc(l) + " vs production " + parent.version()
          + "'s " + parentAuc(label);
      if (decision == Decision.NONE) {
        // The evaluation also rates NONE when no increasing calibration fits the selection data.
        String why = l.get("calibration") == null
            ? "no increasing calibration fits its selection data (the chosen prompts do not score positives higher)"
            : "the interval is not above 0.5";
        losses.add(new RetrainGate.LabelLoss(label, figures + "; " + why + ", so the candidate would lose the label ("
            + serves + ")"));
      } else if (parent.advisories().containsKey(label) && decision != Decision.ADVISORY) {
        losses.add(new RetrainGate.LabelLoss(label, figures + "; below the advisory rule (AUC >= "
            + AdvisoryLabelEvaluation.ADVISORY_MIN_AUC + ", interval above 0.5), so the candidate would lose the advisory "
            + parent.advisories().get(label).kind()));
      } else if (parent.evidence().containsKey(label)
          && !parent.evidence().get(label).equals(AdvisoryBundleVersion.DETECTOR_KINDS.get(label))) {
        losses.add(new RetrainGate.LabelLoss(label, figures + "; the candidate would lose the evidence for "
            + parent.evidence().get(label) + " (no detector alarm of that kind is known for the label)"));
      }
    }
    return losses;
  }

  /**
   * The per-label record for the candidate's lineage: what the parent served and its fold-10 AUC,
   * the candidate's fold-10 figures and decision, and whether the candidate keeps what the parent
   * served.
   */
  Map<String, Object> lineage(Map<String, Map<String, Object>> evaluated, List<RetrainGate.LabelLoss> losses) {
    Set<String> lost = losses.stream().map(RetrainGate.LabelLoss::label).collect(Collectors.toSet());
    Map<String, Object> all = new LinkedHashMap<>();
    for (String label : labels) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("production_serves", serves(label));
      row.put("production_fold10_auc", parent.metrics().get(FIGURES + label + ".fold10_auc"));
      Map<String, Object> l = evaluated.get(label);
      if (l != null) {
        row.put("candidate_fold10", l.get("test_fold_10"));
        row.put("candidate_prompts", l.get("chosen"));
        row.put("candidate_calibration", l.get("calibration"));
        row.put("candidate_decision", l.get("decision"));
      }
      row.put("kept", !lost.contains(label));
      all.put(label, row);
    }
    return all;
  }

  /** The parent's advisory figures of its extra labels, renamed {@code ptbxl.advisory.production.*}. */
  Map<String, Double> parentMetrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    parent.metrics().forEach((k, v) -> {
      if (k.startsWith(FIGURES) && labels.stream().anyMatch(l -> k.startsWith(FIGURES + l + "."))) {
        m.put(PARENT_FIGURES + k.substring(FIGURES.length()), v);
      }
    });
    return m;
  }

  /** What the parent serves for the label: "label, evidence for ST_DEVIATION", "label, advisory MODEL_X". */
  private String serves(String label) {
    StringBuilder s = new StringBuilder("label");
    if (parent.advisories().containsKey(label)) {
      s.append(", advisory ").append(parent.advisories().get(label).kind());
    }
    if (parent.evidence().containsKey(label)) {
      s.append(", evidence for ").append(parent.evidence().get(label));
    }
    return s.toString();
  }

  private static String candidateAuc(Map<String, Object> l) {
    if (!(l.get("test_fold_10") instanceof Map<?, ?> f)) {
      return "not recorded";
    }
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", number(f.get("auc")), number(f.get("auc_low")),
        number(f.get("auc_high")));
  }

  private String parentAuc(String label) {
    Double auc = parent.metrics().get(FIGURES + label + ".fold10_auc");
    Double low = parent.metrics().get(FIGURES + label + ".fold10_auc_low");
    Double high = parent.metrics().get(FIGURES + label + ".fold10_auc_high");
    if (auc == null) {
      return "(not recorded in its metrics)";
    }
    return low == null || high == null ? String.format(Locale.ROOT, "%.3f", auc)
        : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", auc, low, high);
  }

  private static double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
