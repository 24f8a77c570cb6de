package org.ecgstream.trainer.export;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleLayout;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.BundleWriter;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.bundle.DatasetLineage;
import org.ecgstream.core.bundle.TextSpec;
import org.ecgstream.core.bundle.ZeroShotCalibration;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.Encoding;
import org.ecgstream.trainer.data.CinC2017Dataset;
import org.ecgstream.trainer.data.PtbXlDataset;
import org.ecgstream.trainer.data.PtbXlEntry;
import org.ecgstream.trainer.data.Recording;
import org.ecgstream.trainer.data.Split;
import org.ecgstream.trainer.eval.Prompts;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;
import org.ecgstream.trainer.train.TrainedModel;

/**
 * {@code ./ecg export}: turns a training output into a verifiable model bundle. Writes both encoders
 * as ONNX, refuses unless ONNX Runtime matches DJL within {@link ParityCheck#TOLERANCE} on real
 * recordings (PTB-XL test fold, 12 leads, and CinC 2017 test recordings, one lead) and real
 * reports, then writes tokenizer, prompts and a manifest with lineage, metrics and checksums.
 */
public final class BundleExport {

  /** Real inputs used for the parity check. */
  static final int PARITY_PTBXL_RECORDS = 16;
  static final int PARITY_CINC_RECORDINGS = 8;

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param name model name in the manifest
   * @param version semantic version
   * @param gitCommit commit of the code that trained it
   * @param dataRoot folder with ptbxl/ and cinc2017/ for the parity inputs
   */
  public record Options(String name, String version, String gitCommit, Path dataRoot) {}

  private BundleExport() {}

  /** Exports {@code modelDir} into {@code bundleDir} and returns the parity figures. */
  public static ParityCheck.Result export(Path modelDir, Path bundleDir, Options options, PrintStream progress)
      throws IOException, BundleException {
    CmeltConfig config = TrainedModel.readConfig(modelDir);
    BpeTokenizer tokenizer = TrainedModel.readTokenizer(modelDir);
    Files.createDirectories(bundleDir);
    ParityCheck.Result parity;
    float[] scaleAndBias;
    try (NDManager manager = NDManager.newBaseManager()) {
      CmeltModel model = TrainedModel.load(modelDir, manager);
      scaleAndBias = model.sigmoidScaleAndBias();
      ParityInputs inputs = parityInputs(config, tokenizer, options.dataRoot());
      progress.printf("export: %d real windows and %d real reports for the parity check%n",
          inputs.ecg().signal().length, inputs.text().ids().length);
      parity = new CmeltOnnxExporter(model).export(bundleDir, inputs.ecg(), inputs.text());
    }
    progress.println("export: parity " + parity);
    Files.copy(modelDir.resolve(TrainedModel.TOKENIZER), bundleDir.resolve(BundleLayout.TOKENIZER),
        StandardCopyOption.REPLACE_EXISTING);
    Prompts prompts = Prompts.rhythm();
    prompts.write(bundleDir.resolve(BundleLayout.PROMPTS));
    // Each label's cosine-to-probability map: fitted on the CinC 2017 validation split by
    // './ecg eval' when it has run; otherwise the one the pre-training objective learned.
    Map<String, ZeroShotCalibration> fitted = evaluationCalibration(modelDir);
    Map<String, ZeroShotCalibration> calibration = new LinkedHashMap<>();
    for (String label : prompts.labels()) {
      calibration.put(label, fitted.getOrDefault(label, new ZeroShotCalibration(scaleAndBias[0], scaleAndBias[1])));
    }
    progress.println("export: calibration " + (fitted.isEmpty() ? "learned by the sigmoid loss (no eval-cinc2017.json)"
        : "fitted on the CinC 2017 validation split (eval-cinc2017.json)"));

    Map<String, Double> metrics = new LinkedHashMap<>(evaluationMetrics(modelDir));
    metrics.put("parity_ecg_max_abs_diff", parity.ecgMaxAbsDifference());
    metrics.put("parity_text_max_abs_diff", parity.textMaxAbsDifference());
    BundleManifest manifest = new BundleManifest(BundleLayout.FORMAT_VERSION, options.name(), options.version(),
        Instant.now(), options.gitCommit(), JSON.convertValue(config, new TypeReference<Map<String, Object>>() {}),
        lineage(modelDir), metrics, config.input(), new TextSpec(BundleLayout.TOKENIZER, config.maxTextTokens()),
        config.embeddingSize(), (int) CmeltOnnxExporter.OPSET, Map.of(), prompts.byLabel(), calibration,
        Map.of("atrial_fibrillation", LabelAdvisory.ATRIAL_FIBRILLATION),
        Map.of("atrial_fibrillation", AdvisoryBundleVersion.DETECTOR_KINDS.get("atrial_fibrillation")));
    BundleWriter.write(bundleDir, manifest);
    return parity;
  }

  record ParityInputs(ParityCheck.EcgBatch ecg, ParityCheck.TextBatch text) {}

  /** Real windows (PTB-XL test fold, 12 leads; CinC 2017 test recordings, lead I) and real reports. */
  static ParityInputs parityInputs(CmeltConfig config, BpeTokenizer tokenizer, Path dataRoot)
      throws IOException {
    WindowPreprocessor preprocessor = new WindowPreprocessor(config.input());
    List<EcgWindow> windows = new ArrayList<>();
    List<String> reports = new ArrayList<>();
    Path ptbxlDir = dataRoot.resolve("ptbxl");
    if (Files.isDirectory(ptbxlDir)) {
      PtbXlDataset ptbxl = PtbXlDataset.open(ptbxlDir);
      for (PtbXlEntry entry : ptbxl.entries(Split.TEST)) {
        if (windows.size() >= PARITY_PTBXL_RECORDS) {
          break;
        }
        Recording r = ptbxl.recording(entry);
        windows.add(preprocessor.prepare(r.millivolts(), r.sampleRateHz()));
        if (!entry.report().isBlank()) {
          reports.add(entry.report().cleaned());
        }
      }
    }
    Path cincDir = dataRoot.resolve("cinc2017");
    if (Files.isDirectory(cincDir)) {
      CinC2017Dataset cinc = CinC2017Dataset.open(cincDir);
      for (String id : cinc.split(Split.TEST).subList(0, PARITY_CINC_RECORDINGS)) {
        Recording r = cinc.load(id).recording();
        windows.add(preprocessor.prepare(r.millivolts(), r.sampleRateHz()));
      }
    }
    if (windows.isEmpty() || reports.isEmpty()) {
      throw new IOException(dataRoot + ": parity needs real recordings and reports (ptbxl/ and cinc2017/ "
          + "as in ../shared/data); pass --data");
    }
    float[][][] signal = new float[windows.size()][][];
    float[][] mask = new float[windows.size()][];
    for (int i = 0; i < windows.size(); i++) {
      signal[i] = windows.get(i).samples();
      mask[i] = windows.get(i).presenceAsFloats();
    }
    long[][] ids = new long[reports.size()][];
    float[][] attention = new float[reports.size()][];
    for (int i = 0; i < reports.size(); i++) {
      Encoding e = tokenizer.encode(reports.get(i), config.maxTextTokens());
      ids[i] = new long[e.length()];
      attention[i] = new float[e.length()];
      for (int t = 0; t < e.length(); t++) {
        ids[i][t] = e.ids()[t];
        attention[i][t] = e.attentionMask()[t];
      }
    }
    return new ParityInputs(new ParityCheck.EcgBatch(signal, mask), new ParityCheck.TextBatch(ids, attention));
  }

  /** Flattened numeric figures of every eval-*.json in the model folder ("cinc2017.cmelt.zero_shot_af_auc"). */
  static Map<String, Double> evaluationMetrics(Path modelDir) throws IOException {
    Map<String, Double> metrics = new LinkedHashMap<>();
    try (var files = Files.list(modelDir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().matches("eval-.*\\.json")).sorted().toList()) {
        Map<String, Object> eval = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        String dataset = String.valueOf(eval.get("dataset"));
        for (var entry : eval.entrySet()) {
          if (entry.getValue() instanceof Map<?, ?> group) {
            for (var figure : group.entrySet()) {
              if (figure.getValue() instanceof Number n) {
                metrics.put(dataset + "." + entry.getKey() + "." + figure.getKey(), n.doubleValue());
              }
            }
          }
        }
      }
    }
    return metrics;
  }

  /** The per-label calibration './ecg eval' fitted, or an empty map. */
  static Map<String, ZeroShotCalibration> evaluationCalibration(Path modelDir) throws IOException {
    Path file = modelDir.resolve("eval-cinc2017.json");
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    Map<String, Object> eval = JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
    if (!(eval.get("calibration") instanceof Map<?, ?>)) {
      return Map.of();
    }
    return JSON.convertValue(eval.get("calibration"), new TypeReference<LinkedHashMap<String, ZeroShotCalibration>>() {});
  }

  private static List<DatasetLineage> lineage(Path modelDir) throws IOException {
    Path summary = modelDir.resolve(TrainedModel.SUMMARY);
    if (!Files.isRegularFile(summary)) {
      throw new IOException(modelDir + ": no " + TrainedModel.SUMMARY + " (training did not finish?)");
    }
    Map<String, Object> s = JSON.readValue(summary.toFile(), new TypeReference<Map<String, Object>>() {});
    return JSON.convertValue(s.get("training_data"), new TypeReference<List<DatasetLineage>>() {});
  }
}
