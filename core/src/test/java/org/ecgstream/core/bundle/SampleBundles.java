package org.ecgstream.core.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;

/** Small bundles of dummy files for the bundle tests; the bytes matter only to the checksums. */
final class SampleBundles {

  static final InputSpec TWELVE_LEADS_250_HZ =
      new InputSpec(StandardLeads.TWELVE, 250, 2500, 0.5, 40.0, InputSpec.Normalisation.PER_LEAD_ZSCORE);
  static final InputSpec TWELVE_LEADS_500_HZ =
      new InputSpec(StandardLeads.TWELVE, 500, 5000, 0.5, 40.0, InputSpec.Normalisation.PER_LEAD_ZSCORE);
  static final InputSpec LEADS_I_II_V1_250_HZ =
      new InputSpec(List.of(Lead.I, Lead.II, Lead.V1), 250, 2500, 0.5, 40.0,
          InputSpec.Normalisation.PER_LEAD_ZSCORE);

  private SampleBundles() {}

  /** A manifest as the exporter hands it to {@link BundleWriter}: everything but checksums. */
  static BundleManifest manifest(InputSpec inputSpec) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("preset", "tiny");
    config.put("seed", 42);
    config.put("learning_rate", 3.0e-4);
    config.put("ecg_encoder", Map.of("layers", 2, "width", 64));
    config.put("notes", null);
    return new BundleManifest(
        BundleLayout.FORMAT_VERSION,
        "cmelt-tiny",
        "0.3.1",
        Instant.parse("2026-11-25T10:15:30.123Z"),
        "1a9f2cf",
        config,
        List.of(new DatasetLineage("ptbxl", "folds 1-8", "ab".repeat(32), 17_418),
            new DatasetLineage("ptbxl", "fold 10", "cd".repeat(32), 2_198)),
        Map.of("ptbxl.test.macro_auc", 0.812, "ptbxl.test.af_auc", 0.93),
        inputSpec,
        new TextSpec(BundleLayout.TOKENIZER, 128),
        256,
        17,
        Map.of(),
        Map.of("AFIB", List.of("atrial fibrillation", "irregularly irregular rhythm"),
            "SR", List.of("sinus rhythm")),
        Map.of("AFIB", new ZeroShotCalibration(10.0, -2.5)),
        Map.of("AFIB", new LabelAdvisory("ATRIAL_FIBRILLATION_MODEL", "LOW", 0.35, 3, 0.5)),
        Map.of("AFIB", "ATRIAL_FIBRILLATION"));
  }

  /** Writes the four required files with distinct dummy content into {@code dir}. */
  static void writeDummyFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : BundleLayout.REQUIRED_FILES) {
      Files.writeString(dir.resolve(name), "dummy content of " + name + "\n", StandardCharsets.UTF_8);
    }
  }

  /** A complete, sealed bundle in {@code dir} with the given input spec. */
  static Path sealed(Path dir, InputSpec inputSpec) throws IOException, BundleException {
    writeDummyFiles(dir);
    BundleWriter.write(dir, manifest(inputSpec));
    return dir;
  }
}
