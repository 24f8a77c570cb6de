package org.ecgstream.local.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.trainer.export.AdvisoryBundleVersion;
import org.ecgstream.trainer.export.BundleExport;
import org.ecgstream.trainer.export.ParityCheck;
import org.ecgstream.trainer.export.ParityException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg export}: a trained model as a verifiable ONNX model bundle. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    header = "Export a trained C-MELT model as an ONNX model bundle, checked for parity.",
    description = {
      "Writes ecg_encoder.onnx and text_encoder.onnx (opset 17, dynamic batch) built in Java from the",
      "trained weights, runs both through ONNX Runtime and DJL on real recordings and reports, and",
      "fails unless they agree within 1e-4 (max absolute difference, printed). Then writes",
      "tokenizer.json, prompts.json and manifest.json (version, git commit, configuration, data",
      "lineage, evaluation figures from eval-*.json in the model folder, input spec, sha256 of",
      "every file).",
      "With --from-bundle DIR --advisory-eval FILE (instead of --model): a new version of that bundle,",
      "same ONNX graphs, weights and tokenizer, with the labels of './ecg eval --advisory-labels'",
      "(eval-advisory.json) their decision allows: prompts and calibration, an advisory for ADVISORY,",
      "evidence for a detector alarm of the same condition; figures into the metrics. --out may be DIR."
    })
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--model", description = "A training output folder (from './ecg train').")
  Path model;

  @Option(names = "--from-bundle", description = "Instead of --model: an exported bundle to make a new version of (needs --advisory-eval).")
  Path fromBundle;

  @Option(names = "--advisory-eval", description = "With --from-bundle: eval-advisory.json from './ecg eval --advisory-labels'.")
  Path advisoryEval;

  @Option(names = "--out", required = true, description = "Bundle folder to write.")
  Path out;

  @Option(names = "--name", defaultValue = "cmelt-tiny", description = "Model name (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--model-version", defaultValue = "0.2.0", description = "Semantic version (default: ${DEFAULT-VALUE}).")
  String version;

  @Option(names = "--git-commit", description = "Commit of the training code (default: this checkout's HEAD).")
  String gitCommit;

  @Option(names = "--data", defaultValue = "../shared/data",
      description = "Data folder with ptbxl/ and cinc2017/ for the parity inputs (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--weights",
      description = "Also write the model's weights (no optimiser state) with its config and tokenizer here, so the bundle's parity can be re-checked later (the repository keeps models/cmelt-tiny-weights).")
  Path weights;

  @Override
  public Integer call() throws Exception {
    if (fromBundle != null) {
      return fromBundle();
    }
    if (model == null) {
      System.err.println("export: give --model DIR (a training output) or --from-bundle DIR --advisory-eval FILE");
      return 2;
    }
    if (!Files.isDirectory(model)) {
      System.err.println("export: no model folder at " + model);
      return 2;
    }
    String commit = commit();
    if (commit == null) {
      return 2;
    }
    try {
      ParityCheck.Result parity = BundleExport.export(model, out, new BundleExport.Options(name, version, commit, data),
          System.out);
      System.out.printf("export: bundle %s %s written to %s (parity ecg %.2e, text %.2e)%n", name, version,
          out.toAbsolutePath(), parity.ecgMaxAbsDifference(), parity.textMaxAbsDifference());
      if (weights != null) {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
          org.ecgstream.trainer.train.TrainedModel.writeWeightsOnly(model, weights, manager);
        }
        System.out.println("export: weights for later parity checks in " + weights.toAbsolutePath());
      }
      return 0;
    } catch (ParityException e) {
      System.err.println("export: " + e.getMessage());
      return 1;
    } catch (BundleException | IllegalArgumentException e) {
      System.err.println("export: " + e.getMessage());
      return 2;
    }
  }

  /** --git-commit, else the checkout's HEAD; null (after saying so) outside a git checkout. */
  private String commit() {
    String commit = gitCommit != null ? gitCommit : headCommit();
    if (commit == null) {
      System.err.println("export: not in a git checkout; pass --git-commit");
    }
    return commit;
  }

  private int fromBundle() throws IOException {
    if (model != null || advisoryEval == null || !Files.isRegularFile(advisoryEval)) {
      System.err.println("export: --from-bundle needs --advisory-eval FILE (from './ecg eval --advisory-labels') and no --model");
      return 2;
    }
    String commit = commit();
    if (commit == null) {
      return 2;
    }
    try {
      org.ecgstream.core.bundle.BundleManifest m =
          AdvisoryBundleVersion.write(fromBundle, advisoryEval, out, version, commit, System.out);
      System.out.printf("export: bundle %s %s written to %s (labels %s, advisories %s, evidence %s)%n", m.name(), m.version(),
          out.toAbsolutePath(), m.prompts().keySet(), m.advisories().keySet(), m.evidence());
      return 0;
    } catch (BundleException | IllegalArgumentException e) {
      System.err.println("export: " + e.getMessage());
      return 2;
    }
  }

  /** HEAD of the current checkout, with "-dirty" when it has uncommitted changes; null outside git. */
  static String headCommit() {
    try {
      String head = git("rev-parse", "HEAD");
      if (head == null) {
        return null;
      }
      String status = git("status", "--porcelain", "--untracked-files=no");
      return status != null && !status.isBlank() ? head + "-dirty" : head;
    } catch (IOException e) {
      return null;
    }
  }

  private static String git(String... args) throws IOException {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
