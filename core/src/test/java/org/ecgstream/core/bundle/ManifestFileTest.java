package org.ecgstream.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.ecgstream.core.bundle.BundleException.Reason;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.testdata.BundleCopies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest read on its own: the same manifest and the same sha256 the registry publishes as
 * opening the whole bundle gives, without reading the ONNX files; a manifest that is not one is
 * refused as {@link ModelBundle#open} refuses it.
 */
class ManifestFileTest {

  @TempDir Path tmp;

  @Test
  void givesTheManifestAndTheSha256TheRegistryPublishesForAStoredBundle() throws Exception {
    DirectoryBundleStore store = new DirectoryBundleStore(tmp.resolve("store"));
    URI uri = store.put(BundleCopies.withVersion(tmp.resolve("export"), "0.3.0"));
    ModelBundle whole = store.resolve(uri);

    ManifestFile alone = store.manifest(uri);

    assertThat(alone.dir()).isEqualTo(whole.dir());
    assertThat(alone.manifest()).isEqualTo(whole.manifest());
    assertThat(alone.sha256()).isEqualTo(ModelRegistryEvents.manifestSha256(whole))
        .isEqualTo(ModelRegistryEvents.published(whole, uri, "test", Instant.EPOCH, null).getSha256());
  }

  @Test
  void neverReadsTheOnnxFilesSoDamagedOrMissingOnesDoNotStopIt() throws Exception {
    Path damaged = BundleCopies.corruptEcgEncoder(BundleCopies.withVersion(tmp.resolve("damaged"), "0.3.0"));
    Path missing = BundleCopies.withVersion(tmp.resolve("missing"), "0.3.0");
    Files.delete(missing.resolve(BundleLayout.TEXT_ENCODER));

    assertThat(ManifestFile.read(damaged).manifest().version()).isEqualTo("0.3.0");
    assertThat(ManifestFile.read(missing).manifest().version()).isEqualTo("0.3.0");
    // What loading them would say; the manifest-only reader leaves that to whoever loads them.
    assertThatThrownBy(() -> ModelBundle.open(damaged)).hasMessageContaining("sha256 of ecg_encoder.onnx does not match");
    assertThatThrownBy(() -> ModelBundle.open(missing)).hasMessageContaining("text_encoder.onnx is listed in the manifest but missing");
  }

  @Test
  void theSha256IsOfTheManifestBytesSoAnyEditChangesIt() throws Exception {
    Path dir = BundleCopies.withVersion(tmp.resolve("x"), "0.3.0");
    String before = ManifestFile.read(dir).sha256();
    Path file = dir.resolve(BundleLayout.MANIFEST);
    // The same manifest, one more space: what the registry pinned no longer matches.
    Files.writeString(file, Files.readString(file).replaceFirst("\\{", "{ "));

    ManifestFile edited = ManifestFile.read(dir);

    ModelBundle reopened = ModelBundle.open(dir);
    assertThat(edited.manifest()).isEqualTo(reopened.manifest());
    assertThat(edited.sha256()).isNotEqualTo(before).isEqualTo(Sha256.ofFile(file))
        .isEqualTo(reopened.manifestSha256());
  }

  @Test
  void refusesWhatIsNotAManifestAsOpeningTheBundleDoes() throws Exception {
    Path noDir = tmp.resolve("nowhere");
    Path notJson = BundleCopies.withVersion(tmp.resolve("json"), "0.3.0");
    Files.writeString(notJson.resolve(BundleLayout.MANIFEST), "{ not json");
    Path future = BundleCopies.withVersion(tmp.resolve("future"), "0.3.0");
    Path futureManifest = future.resolve(BundleLayout.MANIFEST);
    Files.writeString(futureManifest, Files.readString(futureManifest).replaceFirst("\"format_version\"\\s*:\\s*1", "\"format_version\": 2"));
    Path unlisted = BundleCopies.withVersion(tmp.resolve("unlisted"), "0.3.0");
    Path unlistedManifest = unlisted.resolve(BundleLayout.MANIFEST);
    Files.writeString(unlistedManifest, Files.readString(unlistedManifest).replace("\"prompts.json\"", "\"prompts-old.json\""));

    for (Path dir : List.of(noDir, notJson, future, unlisted)) {
      BundleException whole = assertThrows(BundleException.class, () -> ModelBundle.open(dir));
      assertThatThrownBy(() -> ManifestFile.read(dir)).as(dir.toString())
          .isInstanceOfSatisfying(BundleException.class, alone -> {
            assertThat(alone.reason()).isEqualTo(whole.reason());
            assertThat(alone).hasMessage(whole.getMessage());
          });
    }
    assertThatThrownBy(() -> ManifestFile.read(future)).isInstanceOfSatisfying(BundleException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
  }
}
