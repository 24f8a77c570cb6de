package org.ecgstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.bundle.ServingCapabilities;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.trainer.MicroRun;
import org.ecgstream.trainer.eval.EvaluationRun;
import org.ecgstream.trainer.eval.PairedBootstrap;
import org.ecgstream.trainer.eval.PairedDifference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's whole life on real data, small: train on PTB-XL pairs, simulated pairs and unpaired
 * recordings; evaluate on CinC 2017 with both baselines; export a bundle that serving accepts.
 */
@Timeout(600)
class TrainExportEvaluateTest {

  @TempDir static Path work;
  static Path model;
  static Path dataRoot;
  static final PrintStream QUIET = MicroRun.QUIET;


  @BeforeAll
  static void train() throws Exception {
    dataRoot = SharedData.folder("ptbxl").getParent();
    model = work.resolve("model");
    MicroRun.train(model, dataRoot, 20, 64, 64);
  }

  @Test
  void exportedBundleOpensForA12LeadMonitorAndRecordsLineageAndParity() throws Exception {
    Path bundleDir = work.resolve("bundle");
    ParityCheck.Result parity = BundleExport.export(model, bundleDir,
        new BundleExport.Options("cmelt-micro", "0.0.1", "0123456789abcdef0123456789abcdef01234567", dataRoot), QUIET);

    assertThat(parity.ecgMaxAbsDifference()).isLessThan(ParityCheck.TOLERANCE);
    assertThat(parity.textMaxAbsDifference()).isLessThan(ParityCheck.TOLERANCE);
    ModelBundle bundle = ModelBundle.open(bundleDir, ServingCapabilities.of(java.util.Set.copyOf(StandardLeads.TWELVE), 500));
    BundleManifest manifest = bundle.manifest();
    assertThat(manifest.inputSpec()).isEqualTo(MicroRun.config(1).input());
    assertThat(manifest.trainingData()).extracting(l -> l.dataset())
        .containsExactly("ptbxl", "simulated-12-lead", "ptbxl-reports", "cinc2017", "mitdb");
    assertThat(manifest.trainingData().get(1).records()).isEqualTo(64);
    assertThat(manifest.metrics()).containsKeys("parity_ecg_max_abs_diff", "parity_text_max_abs_diff");
    assertThat(manifest.prompts()).containsKeys("normal", "atrial_fibrillation", "other");
    assertThat(manifest.onnxOpset()).isEqualTo(17);
  }

  @Test
  @SuppressWarnings("unchecked")
  void evaluationReportsEveryFigureForModelAndBothBaselines() throws Exception {
    Map<String, Object> result =
        new EvaluationRun(model, dataRoot.resolve("cinc2017"), work.resolve("eval"), 5, QUIET).run();

    Map<String, Double> cmelt = (Map<String, Double>) result.get("cmelt");
    Map<String, Double> random = (Map<String, Double>) result.get("random_init");
    Map<String, Double> supervised = (Map<String, Double>) result.get("supervised_from_scratch");
    assertThat(cmelt).containsKeys("zero_shot_af_auc", "zero_shot_macro_auc", "linear_probe_1%_macro_auc",
        "linear_probe_10%_macro_auc", "linear_probe_100%_macro_auc");
    assertThat(random).containsOnlyKeys(cmelt.keySet());
    assertThat(supervised).containsKeys("supervised_1%_macro_auc", "supervised_100%_af_auc");
    for (Map<String, Double> figures : java.util.List.of(cmelt, random, supervised)) {
      assertThat(figures.values()).allSatisfy(v -> assertThat(v).isBetween(0.0, 1.0));
    }
    // Even a barely trained encoder's embeddings carry rhythm: a probe on all labels finds AF.
    assertThat(cmelt.get("linear_probe_100%_af_auc")).isGreaterThan(0.6);
    assertThat(work.resolve("eval/eval-cinc2017.json")).exists();
    assertThat(work.resolve("eval/roc-cinc2017.png")).exists();
    assertThat(EvaluationRun.table(result)).contains("zero_shot_af_auc").contains("random init")
        .contains("paired by label draw");
    // The same 50 label draws for both encoders: the paired mean is the difference of the means.
    PairedDifference onePercent =
        ((Map<String, PairedDifference>) result.get("cmelt_minus_random_init")).get("linear_probe_1%_macro_auc");
    assertThat(onePercent.draws()).isEqualTo(50);
    assertThat(onePercent.mean()).isCloseTo(
        cmelt.get("linear_probe_1%_macro_auc") - random.get("linear_probe_1%_macro_auc"), within(1e-9));
    assertThat(onePercent.ci95Low()).isLessThan(onePercent.mean());
    assertThat(onePercent.ci95High()).isGreaterThan(onePercent.mean());
    assertThat(onePercent.withTestResampling().resamples()).isEqualTo(PairedBootstrap.RESAMPLES);
    // The 1% supervised baseline trains the probes' first 10 draws and is paired over those.
    PairedDifference vsSupervised =
        ((Map<String, PairedDifference>) result.get("cmelt_minus_supervised_from_scratch")).get("linear_probe_1%_macro_auc");
    assertThat(vsSupervised.draws()).isEqualTo(10);
    assertThat(vsSupervised.withTestResampling()).isNotNull();
    assertThat(supervised).containsKey("supervised_1%_macro_auc_sd");
  }
}
