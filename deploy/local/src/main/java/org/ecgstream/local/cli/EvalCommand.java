package org.ecgstream.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.eval.AdvisoryLabelEvaluation;
import org.ecgstream.trainer.eval.EvaluationRun;
import org.ecgstream.trainer.eval.OnnxBundleEncoders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg eval}: zero-shot and linear-probe evaluation of a trained C-MELT model. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    header = "Evaluate a trained C-MELT model zero-shot and with linear probes, next to two baselines.",
    description = {
      "Recognises the data set from its layout. CinC 2017 (REFERENCE.csv): a fixed stratified split;",
      "zero-shot AUC from the prompts (atrial fibrillation vs the rest, and macro over normal / AF /",
      "other). PTB-XL (ptbxl_database.csv): test fold 10, multi-label over the diagnostic",
      "superclasses NORM, MI, STTC, CD, HYP and the rhythm statements with >= 3 positives in train",
      "and test; per-label and macro AUC. Both: logistic-regression probes on frozen embeddings",
      "trained with 1%%, 10%% and 100%% of the training labels (PTB-XL: folds 1-8, one-vs-rest).",
      "CinC 2017 probes: features standardised on the labelled recordings, L2 chosen by cross-validation",
      "within them only (leave-one-out below 5 per class); 1%% and 10%% averaged over 50 label draws",
      "that are the same for every encoder, with the C-MELT minus random-init difference paired by draw",
      "(mean, sd, 95%% t-interval over draws, 95%% bootstrap interval over draws and test recordings);",
      "the 1%% supervised baseline is trained on the first 10 of those draws and paired over them.",
      "The same figures are computed for a randomly initialised encoder and for the same encoder",
      "trained supervised from scratch (PTB-XL: one sigmoid per label).",
      "With a bundle (--model models/cmelt-tiny) the encoders run on ONNX Runtime, as in serving.",
      "Writes eval-<dataset>.json and roc-<dataset>.png (PTB-XL: roc-ptbxl-NORM.png, roc-ptbxl-MI.png)",
      "into --out (default: the training folder; a bundle needs --out, since its files are checksummed).",
      "With --advisory-labels (a bundle and PTB-XL only): the candidate prompt sets for ST change and",
      "conduction block, chosen on fold 9 (folds 1-9 when fold 9 has < 10 positives), calibrated there,",
      "scored once on fold 10 and on simulated demo beds, AUCs with bootstrap intervals and counts;",
      "writes eval-advisory.json, which './ecg export --from-bundle' turns into a bundle version.",
      "With --advisory-labels --selection-only: the candidates on the selection data only (fold 10 not read),",
      "the choice and calibration in eval-advisory-selection.json."
    })
final class EvalCommand implements Callable<Integer> {

  @Option(names = "--model", required = true,
      description = "A training output folder (DJL weights) or an exported bundle (ONNX Runtime), e.g. models/cmelt-tiny.")
  Path model;

  @Option(names = "--data", required = true, description = "Evaluation data, e.g. ../shared/data/cinc2017 or ../shared/data/ptbxl.")
  Path data;

  @Option(names = "--out", description = "Where to write the JSON and PNG (default: the model folder).")
  Path out;

  @Option(names = "--supervised-steps", defaultValue = "300",
      description = "Training steps of each supervised-from-scratch baseline; 0 skips it (default: ${DEFAULT-VALUE}).")
  int supervisedSteps;

  @Option(names = "--json", description = "Print the figures as JSON instead of a table.")
  boolean json;

  @Option(names = "--advisory-labels",
      description = "Evaluate the advisory label candidates (ST change, conduction block) instead; needs a bundle and PTB-XL.")
  boolean advisoryLabels;

  @Option(names = "--selection-only",
      description = "With --advisory-labels: score the candidate prompt sets on the selection data only and record the choice "
          + "(eval-advisory-selection.json); fold 10 and the simulated beds are not read.")
  boolean selectionOnly;

  @Option(names = "--simulated-beds", defaultValue = "40",
      description = "With --advisory-labels: simulated beds per condition (sinus, LBBB, RBBB, AV block I, ST up, ST down) (default: ${DEFAULT-VALUE}).")
  int simulatedBeds;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(model)) {
      System.err.println("eval: no model folder at " + model + " (train one with './ecg train --out DIR')");
      return 2;
    }
    if (!Files.isDirectory(data)) {
      System.err.println("eval: no data folder at " + data);
      return 2;
    }
    if (out == null && EvaluationRun.isBundle(model)) {
      System.err.println("eval: " + model + " is a bundle (its files are checksummed); pass --out for the results");
      return 2;
    }
    if (selectionOnly && !advisoryLabels) {
      System.err.println("eval: --selection-only goes with --advisory-labels (it selects advisory-label prompt sets)");
      return 2;
    }
    if (advisoryLabels) {
      return advisory();
    }
    Map<String, Object> result =
        new EvaluationRun(model, data, out == null ? model : out, supervisedSteps, json ? System.err : System.out).run();
    if (json) {
      printJson(result);
    } else {
      System.out.print(EvaluationRun.table(result));
    }
    return 0;
  }

  /** {@code --json}'s output: the result, indented, on standard output. */
  private static void printJson(Map<String, Object> result) throws Exception {
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
  }

  private int advisory() throws Exception {
    if (!EvaluationRun.isBundle(model) || !Files.isRegularFile(data.resolve(PtbXlDataset.DATABASE_CSV))) {
      System.err.println("eval: --advisory-labels needs a bundle (--model models/cmelt-tiny) and PTB-XL (--data ../shared/data/ptbxl)");
      return 2;
    }
    if (out == null || simulatedBeds < 2) {
      System.err.println("eval: --advisory-labels needs --out DIR and --simulated-beds >= 2");
      return 2;
    }
    Map<String, Object> result;
    try (OnnxBundleEncoders encoders = new OnnxBundleEncoders(ModelBundle.open(model))) {
      AdvisoryLabelEvaluation evaluation =
          new AdvisoryLabelEvaluation(PtbXlDataset.open(data), simulatedBeds, json ? System.err : System.out);
      if (selectionOnly) {
        Map<String, Object> selection = evaluation.select(encoders, model.toString(), out);
        if (json) {
          printJson(selection);
        }
        return 0;
      }
      result = evaluation.run(encoders, model.toString(), out);
    } catch (BundleException e) {
      System.err.println("eval: " + e.getMessage());
      return 2;
    }
    if (json) {
      printJson(result);
    } else {
      System.out.print(AdvisoryLabelEvaluation.table(result));
    }
    return 0;
  }
}
