package org.ecgstream.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.ecgstream.core.bundle.BundleException.Reason;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a bundle: a sealed one opens; each kind of damage or mismatch is refused with its own reason. */
class ModelBundleTest {

  private static final ServingCapabilities TWELVE_LEADS_UP_TO_250_HZ =
      ServingCapabilities.of(EnumSet.copyOf(StandardLeads.TWELVE), 250);
  private static final ServingCapabilities THREE_LEAD_MONITOR_UP_TO_500_HZ =
      ServingCapabilities.of(EnumSet.of(Lead.I, Lead.II, Lead.III), 500);

  @TempDir Path tmp;

  @Test
  void sealedBundleOpensWithItsManifestAndFilePaths() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);

    ModelBundle bundle = ModelBundle.open(dir, TWELVE_LEADS_UP_TO_250_HZ);

    assertThat(bundle.manifest().name()).isEqualTo("cmelt-tiny");
    assertThat(bundle.manifest().version()).isEqualTo("0.3.1");
    assertThat(bundle.inputSpec()).isEqualTo(SampleBundles.TWELVE_LEADS_250_HZ);
    assertThat(bundle.ecgEncoder()).isEqualTo(dir.resolve("ecg_encoder.onnx")).isRegularFile();
    assertThat(bundle.textEncoder()).isEqualTo(dir.resolve("text_encoder.onnx")).isRegularFile();
    assertThat(bundle.tokenizer()).isEqualTo(dir.resolve("tokenizer.json")).isRegularFile();
    assertThat(bundle.prompts()).isEqualTo(dir.resolve("prompts.json")).isRegularFile();
    assertThat(bundle.file("prompts.json")).isEqualTo(bundle.prompts());
    assertThatThrownBy(() -> bundle.file("extra.bin"))
        .hasMessageContaining("no file 'extra.bin' in manifest");
  }

  @Test
  void extraListedFilesAreVerifiedToo() throws Exception {
    Path dir = tmp.resolve("x");
    SampleBundles.writeDummyFiles(dir);
    Files.writeString(dir.resolve("label_map.json"), "{}");
    BundleWriter.write(dir, SampleBundles.manifest(SampleBundles.TWELVE_LEADS_250_HZ));

    assertThat(ModelBundle.open(dir).file("label_map.json")).isRegularFile();

    Files.writeString(dir.resolve("label_map.json"), "{ }");
    expectRefusal(dir, Reason.CHECKSUM_MISMATCH)
        .hasMessage("bundle " + dir + ": sha256 of label_map.json does not match manifest"
            + " (file changed or corrupt; restore it from the original bundle)");
  }

  @Test
  void flippedByteIsAChecksumMismatchNamingTheFile() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    Path encoder = dir.resolve("ecg_encoder.onnx");
    byte[] bytes = Files.readAllBytes(encoder);
    bytes[3] ^= 0x01;
    Files.write(encoder, bytes);

    expectRefusal(dir, Reason.CHECKSUM_MISMATCH)
        .hasMessageStartingWith("bundle " + dir + ": sha256 of ecg_encoder.onnx does not match manifest"
            + " (file changed or corrupt");
  }

  @Test
  void missingFileIsRefusedBeforeAnyChecksum() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    Files.delete(dir.resolve("text_encoder.onnx"));

    expectRefusal(dir, Reason.MISSING_FILE)
        .hasMessage("bundle " + dir + ": text_encoder.onnx is listed in the manifest but missing from the"
            + " directory (copy the complete bundle)");
  }

  @Test
  void manifestThatDoesNotListARequiredFileIsRefused() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    editManifest(dir, tree -> ((ObjectNode) tree.get("files")).remove("prompts.json"));

    expectRefusal(dir, Reason.MISSING_FILE)
        .hasMessageContaining("manifest does not list required file prompts.json");
  }

  @Test
  void missingManifestIsRefused() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    Files.delete(dir.resolve("manifest.json"));

    expectRefusal(dir, Reason.MISSING_MANIFEST)
        .hasMessage("bundle " + dir + ": no manifest.json (not a model bundle, or the export did not finish;"
            + " re-run the export)");
  }

  @Test
  void missingDirectoryIsRefused() {
    expectRefusal(tmp.resolve("nowhere"), Reason.MISSING_MANIFEST)
        .hasMessageContaining("no such directory");
  }

  @Test
  void corruptJsonIsRefusedWithItsPosition() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    String json = Files.readString(dir.resolve("manifest.json"));
    Files.writeString(dir.resolve("manifest.json"), json.substring(0, json.length() / 2));

    expectRefusal(dir, Reason.CORRUPT_MANIFEST)
        .hasMessageStartingWith("bundle " + dir + ": manifest.json is not valid JSON (")
        .hasMessageContaining(" at line ")
        .hasMessageEndingWith("; re-export the bundle");
  }

  @Test
  void validJsonThatIsNotAValidManifestIsCorrupt() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    editManifest(dir, tree -> tree.put("version", "one"));
    expectRefusal(dir, Reason.CORRUPT_MANIFEST)
        .hasMessageContaining(
            "manifest.json does not describe a valid bundle: version 'one' is not a semantic version");

    editManifest(dir, tree -> {
      tree.put("version", "1.0.0");
      tree.put("sha256s", "{}");
    });
    expectRefusal(dir, Reason.CORRUPT_MANIFEST).hasMessageContaining("unknown field 'sha256s'");

    editManifest(dir, tree -> {
      tree.remove("sha256s");
      ((ObjectNode) tree.get("input_spec")).put("sample_rate_hz", 20);
    });
    expectRefusal(dir, Reason.CORRUPT_MANIFEST).hasMessageContaining("sample rate 20 Hz outside 50..2000");

    editManifest(dir, tree ->
        ((ObjectNode) tree.get("input_spec")).put("sample_rate_hz", 250).put("normalisation", "MINMAX"));
    expectRefusal(dir, Reason.CORRUPT_MANIFEST).hasMessageContaining("at input_spec.normalisation: ");
  }

  @Test
  void wrongFormatVersionIsUnsupported() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    editManifest(dir, tree -> tree.put("format_version", 2));

    expectRefusal(dir, Reason.UNSUPPORTED_FORMAT)
        .hasMessage("bundle " + dir + ": manifest format version 2 is not supported, this reader understands"
            + " version 1 (upgrade ecg-stream to read it, or export the bundle with format 1)");
  }

  @Test
  void manifestWithoutFormatVersionIsCorrupt() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    editManifest(dir, tree -> tree.remove("format_version"));

    expectRefusal(dir, Reason.CORRUPT_MANIFEST).hasMessageContaining("has no integer format_version");
  }

  @Test
  void modelAt500HzIsRefusedByAPipelineThatStopsAt250Hz() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_500_HZ);

    assertThatThrownBy(() -> ModelBundle.open(dir, TWELVE_LEADS_UP_TO_250_HZ))
        .isInstanceOfSatisfying(BundleException.class, hasReason(Reason.INCOMPATIBLE_INPUT))
        .hasMessage("bundle " + dir + ": input spec cannot be served here: model expects 500 Hz but this"
            + " pipeline supports 1..250 Hz (use a bundle trained at a supported rate, or widen the"
            + " pipeline's sample rates)");
  }

  @Test
  void modelNeedingLeadsThePipelineLacksIsRefusedNamingThem() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.LEADS_I_II_V1_250_HZ);

    assertThatThrownBy(() -> ModelBundle.open(dir, THREE_LEAD_MONITOR_UP_TO_500_HZ))
        .isInstanceOfSatisfying(BundleException.class, hasReason(Reason.INCOMPATIBLE_INPUT))
        .hasMessage("bundle " + dir + ": input spec cannot be served here: model needs leads [V1] that this"
            + " pipeline lacks (it has [I, II, III]; serve it where those leads exist, or allow missing leads"
            + " so the model masks them)");
  }

  @Test
  void missingLeadsAreAcceptedWhenTheModelMayMaskThem() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);

    ModelBundle bundle = ModelBundle.open(dir, THREE_LEAD_MONITOR_UP_TO_500_HZ.allowingMissingLeads());

    assertThat(bundle.inputSpec().leads()).hasSize(12);
  }

  @Test
  void modelSharingNoLeadWithThePipelineIsRefusedEvenWhenMissingLeadsAreAllowed() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.LEADS_I_II_V1_250_HZ);
    ServingCapabilities precordialOnly =
        ServingCapabilities.of(Set.of(Lead.V5, Lead.V6), 500).allowingMissingLeads();

    assertThatThrownBy(() -> ModelBundle.open(dir, precordialOnly))
        .isInstanceOfSatisfying(BundleException.class, hasReason(Reason.INCOMPATIBLE_INPUT))
        .hasMessageContaining("model takes leads [I, II, V1] but this pipeline has none of them (it has [V5, V6])");
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> expectRefusal(Path dir, Reason reason) {
    return assertThatThrownBy(() -> ModelBundle.open(dir))
        .isInstanceOfSatisfying(BundleException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.bundleDir()).isEqualTo(dir);
        });
  }

  private interface ManifestEdit {
    void apply(ObjectNode tree);
  }

  private static void editManifest(Path dir, ManifestEdit edit) throws IOException {
    Path file = dir.resolve("manifest.json");
    ObjectNode tree = (ObjectNode) BundleJson.MAPPER.readTree(file.toFile());
    edit.apply(tree);
    BundleJson.MAPPER.writeValue(file.toFile(), tree);
  }

  private static Consumer<BundleException> hasReason(Reason reason) {
    return e -> assertThat(e.reason()).isEqualTo(reason);
  }
}
