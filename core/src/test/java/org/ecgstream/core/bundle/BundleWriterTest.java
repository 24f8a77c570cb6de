package org.ecgstream.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.ecgstream.core.bundle.BundleException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sealing a bundle directory: every file's sha256 into a pretty, stable manifest.json. */
class BundleWriterTest {

  @TempDir Path tmp;

  @Test
  void recordsTheSha256OfEveryFileInTheDirectory() throws Exception {
    Path dir = tmp.resolve("x");
    SampleBundles.writeDummyFiles(dir);
    Files.writeString(dir.resolve("label_map.json"), "{}");

    BundleManifest written = BundleWriter.write(dir, SampleBundles.manifest(SampleBundles.TWELVE_LEADS_250_HZ));

    assertThat(written.files()).containsOnlyKeys(
        "ecg_encoder.onnx", "text_encoder.onnx", "tokenizer.json", "prompts.json", "label_map.json");
    byte[] encoder = Files.readAllBytes(dir.resolve("ecg_encoder.onnx"));
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(encoder));
    assertThat(written.files()).containsEntry("ecg_encoder.onnx", expected);
    assertThat(Sha256.ofFile(dir.resolve("ecg_encoder.onnx"))).isEqualTo(expected);
  }

  @Test
  void manifestFileIsPrettyPrintedAndReadsBackAsWritten() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);

    String json = Files.readString(dir.resolve("manifest.json"), StandardCharsets.UTF_8);

    assertThat(json).startsWith("{\n  \"format_version\" : 1,\n  \"name\" : \"cmelt-tiny\",").endsWith("}\n");
    assertThat(ModelBundle.open(dir).manifest())
        .isEqualTo(BundleJson.MAPPER.readValue(json, BundleManifest.class));
    assertThat(dir.resolve("manifest.json.tmp")).doesNotExist();
  }

  @Test
  void rewritingTheSameDirectoryGivesTheSameBytes() throws Exception {
    Path dir = SampleBundles.sealed(tmp.resolve("x"), SampleBundles.TWELVE_LEADS_250_HZ);
    byte[] first = Files.readAllBytes(dir.resolve("manifest.json"));

    BundleWriter.write(dir, SampleBundles.manifest(SampleBundles.TWELVE_LEADS_250_HZ));

    assertThat(Files.readAllBytes(dir.resolve("manifest.json"))).isEqualTo(first);
  }

  @Test
  void refusesToSealADirectoryMissingARequiredFile() throws Exception {
    Path dir = tmp.resolve("x");
    SampleBundles.writeDummyFiles(dir);
    Files.delete(dir.resolve("tokenizer.json"));

    assertThatThrownBy(() -> BundleWriter.write(dir, SampleBundles.manifest(SampleBundles.TWELVE_LEADS_250_HZ)))
        .isInstanceOfSatisfying(BundleException.class, hasReason(Reason.MISSING_FILE))
        .hasMessageContaining("required file tokenizer.json is missing");
    assertThat(dir.resolve("manifest.json")).doesNotExist();
  }

  @Test
  void refusesASubdirectoryBecauseBundlesAreFlat() throws Exception {
    Path dir = tmp.resolve("x");
    SampleBundles.writeDummyFiles(dir);
    Files.createDirectory(dir.resolve("extra"));

    assertThatThrownBy(() -> BundleWriter.write(dir, SampleBundles.manifest(SampleBundles.TWELVE_LEADS_250_HZ)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subdirectory extra is not allowed");
  }

  private static Consumer<BundleException> hasReason(Reason reason) {
    return e -> assertThat(e.reason()).isEqualTo(reason);
  }
}
