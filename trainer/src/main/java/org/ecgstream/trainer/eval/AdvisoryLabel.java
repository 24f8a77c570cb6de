package org.ecgstream.trainer.eval;

import java.util.List;
import java.util.Set;
import org.ecgstream.trainer.data.DiagnosticSuperclass;
import org.ecgstream.trainer.data.PtbXlEntry;

/**
 * Model labels considered for advisory alarms beyond atrial fibrillation, each with the PTB-XL
 * statements that make a record positive and the candidate prompt sets compared on the selection
 * data ({@link AdvisoryLabelEvaluation}). Candidates are phrased like PTB-XL's reports (German,
 * some English) and like the simulator's reports ({@code simulators/.../report}), cleaned by the
 * same rule as reports.
 */
public enum AdvisoryLabel {

  /**
   * ST change: PTB-XL's diagnostic superclass STTC (ST/T change: ISC_*, STD_, NST_, NDT, INJ*, ...).
   * The finer ST codes are too rare in the 500 records here (STD_: 2 in fold 9, 3 in fold 10).
   */
  ST_CHANGE("st_change", "MODEL_ST_CHANGE", "diagnostic superclass STTC") {
    @Override
    public boolean positive(PtbXlEntry entry) {
      return entry.superclasses().contains(DiagnosticSuperclass.STTC);
    }

    @Override
    public List<PromptSet> candidates() {
      return List.of(
          new PromptSet("sttc_superclass", List.of("st senkung", "t negativ", "st t veränderungen", "st depression")),
          new PromptSet("st_senkung_hebung", List.of("st senkung", "st hebung", "st streckensenkung", "st streckenhebung")),
          new PromptSet("st_german_english", List.of("st senkung", "st hebung", "st depression", "st elevation")),
          new PromptSet("st_simulator_style", List.of("st hebung in ii iii avf", "st senkung in v5 v6",
              "deszendierende st senkung", "horizontale st senkung", "st streckenhebung")),
          new PromptSet("t_inversion", T_INVERSION),
          new PromptSet("ptbxl_repolarisation", List.of("unspezifisches abnormales t", "st t abnormal",
              "st senkung", "unspez repolarisationsstörung", "ischämie", "st t wave changes")),
          // Second round (HELPER-REPORT of branch stadvisory): for each STTC code with >= 20 of the extra
          // PTB-XL reports (ecg_id > 500, folds 1-9), the 1-4-word phrase with the highest F1 for that
          // code, if >= 0.3, by the code's report count (ISC_, NDT, NST_, ISCAL, DIG, ISCIL).
          new PromptSet("st_scp_phrases", SCP_PHRASES),
          new PromptSet("st_ensemble", concat(T_INVERSION, SCP_PHRASES)));
    }

    private static final List<String> T_INVERSION = List.of("t negativ", "negative t wellen", "t inversion", "t wave inversion");
    private static final List<String> SCP_PHRASES = List.of("st", "unspezifisches", "st t wave",
        "anterolaterale ischämie oder linksbelastung", "digitalis", "abnormal wahrscheinlich anterolaterale");
  },

  /**
   * Conduction block finer than PTB-XL's CD superclass (whose fascicular blocks and incomplete
   * right bundle branch block the model does not separate): complete left or right bundle branch
   * block and AV block of any degree.
   */
  CONDUCTION_BLOCK("conduction_block", "MODEL_CONDUCTION_BLOCK", "any of CLBBB, CRBBB, 1AVB, 2AVB, 3AVB") {
    private static final Set<String> CODES = Set.of("CLBBB", "CRBBB", "1AVB", "2AVB", "3AVB");

    @Override
    public boolean positive(PtbXlEntry entry) {
      return entry.scpCodes().keySet().stream().anyMatch(CODES::contains);
    }

    @Override
    public List<PromptSet> candidates() {
      return List.of(
          new PromptSet("cd_superclass", List.of("linksschenkelblock", "rechtsschenkelblock", "av block", "bundle branch block")),
          new PromptSet("bbb_german", List.of("linksschenkelblock", "rechtsschenkelblock", "kompletter linksschenkelblock",
              "kompletter rechtsschenkelblock")),
          new PromptSet("bbb_german_english", List.of("linksschenkelblock", "rechtsschenkelblock",
              "left bundle branch block", "right bundle branch block")),
          new PromptSet("bbb_and_av_block", List.of("linksschenkelblock", "rechtsschenkelblock", "av block i",
              "a v block i", "left bundle branch block", "right bundle branch block", "first degree av block")),
          new PromptSet("bbb_simulator_style", SIMULATOR_STYLE),
          // Second round, the same rule as st_scp_phrases for CLBBB, CRBBB, 1AVB (2AVB, 3AVB: under 20
          // reports); PTB-XL writes "A-V Block", cleaned to "a v block".
          new PromptSet("cb_scp_phrases", SCP_PHRASES),
          new PromptSet("cb_ensemble", concat(SIMULATOR_STYLE, SCP_PHRASES)));
    }

    private static final List<String> SIMULATOR_STYLE =
        List.of("linksschenkelblock", "lsb", "linksschenkelblockbild", "rechtsschenkelblock", "rsb", "kompletter rsb");
    private static final List<String> SCP_PHRASES = List.of("linksschenkelblock", "rechtsschenkelblock", "v block");
  };

  /** The prompts of {@code a}, then those of {@code b} not already in {@code a} (a prompt ensemble). */
  static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).distinct().toList();
  }

  /** A named set of prompts for one label. */
  public record PromptSet(String name, List<String> prompts) {
    public PromptSet {
      prompts = List.copyOf(prompts);
    }
  }

  private final String label;
  private final String alarmKind;
  private final String positiveRule;

  AdvisoryLabel(String label, String alarmKind, String positiveRule) {
    this.label = label;
    this.alarmKind = alarmKind;
    this.positiveRule = positiveRule;
  }

  /** Which PTB-XL statements make a record positive, in words (for the evaluation's output). */
  public String positiveRule() {
    return positiveRule;
  }

  /** The label's name in prompts.json and the manifest, e.g. "st_change". */
  public String label() {
    return label;
  }

  /** The advisory alarm kind it would raise, e.g. "MODEL_ST_CHANGE". */
  public String alarmKind() {
    return alarmKind;
  }

  /** Whether a PTB-XL record has the condition. */
  public abstract boolean positive(PtbXlEntry entry);

  /** The prompt sets compared on the selection data, in a fixed order (ties go to the first). */
  public abstract List<PromptSet> candidates();
}
