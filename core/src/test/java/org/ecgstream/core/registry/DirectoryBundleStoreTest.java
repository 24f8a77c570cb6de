package org.ecgstream.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.BundleCopies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storing bundles under name/version and resolving their file: URIs to verified bundles. */
class DirectoryBundleStoreTest {

  @TempDir Path tmp;

  @Test
  void putCopiesAVerifiedBundleUnderNameAndVersionAndResolveOpensIt() throws Exception {
    Path source = BundleCopies.withVersion(tmp.resolve("export"), "0.3.0");
    DirectoryBundleStore store = new DirectoryBundleStore(tmp.resolve("store"));

    URI uri = store.put(source);
    ModelBundle resolved = store.resolve(uri);

    assertThat(uri.getScheme()).isEqualTo("file");
    assertThat(resolved.dir()).isEqualTo(tmp.resolve("store").resolve("cmelt-tiny").resolve("0.3.0").toAbsolutePath());
    assertThat(resolved.manifest().version()).isEqualTo("0.3.0");
    assertThat(store.put(source)).as("the same bundle again").isEqualTo(uri);
    try (var left = Files.list(tmp.resolve("store").resolve("cmelt-tiny"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("0.3.0");
    }
  }

  @Test
  void corruptBundleIsNotStored() {
    Path source = BundleCopies.corruptEcgEncoder(BundleCopies.defaultBundle(tmp.resolve("export")));
    DirectoryBundleStore store = new DirectoryBundleStore(tmp.resolve("store"));

    assertThatThrownBy(() -> store.put(source))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("sha256 of ecg_encoder.onnx does not match");
    assertThat(tmp.resolve("store").resolve("cmelt-tiny").resolve("0.2.0")).doesNotExist();
  }

  @Test
  void differentBundleUnderAnExistingVersionIsRefused() throws Exception {
    DirectoryBundleStore store = new DirectoryBundleStore(tmp.resolve("store"));
    store.put(BundleCopies.withVersion(tmp.resolve("a"), "0.4.0"));
    Path other = BundleCopies.withVersion(tmp.resolve("b"), "0.4.0");
    Files.writeString(other.resolve("notes.txt"), "retrained");
    BundleCopies.withVersion(tmp.resolve("c"), "0.4.0");
    org.ecgstream.core.bundle.BundleWriter.write(other, ModelBundle.open(tmp.resolve("c")).manifest());

    assertThatThrownBy(() -> store.put(other))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("already holds cmelt-tiny 0.4.0 with different contents");
  }

  @Test
  void resolveRefusesOtherSchemesAndDamagedStoredBundles() throws Exception {
    DirectoryBundleStore store = new DirectoryBundleStore(tmp.resolve("store"));
    URI uri = store.put(BundleCopies.defaultBundle(tmp.resolve("export")));
    BundleCopies.corruptEcgEncoder(Path.of(uri));

    assertThatThrownBy(() -> store.resolve(URI.create("s3://bucket/cmelt-tiny/0.2.0")))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("reads file: URIs only");
    assertThatThrownBy(() -> store.resolve(uri))
        .isInstanceOf(BundleException.class)
        .satisfies(e -> assertThat(((BundleException) e).reason()).isEqualTo(BundleException.Reason.CHECKSUM_MISMATCH));
  }
}
