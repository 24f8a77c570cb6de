package org.ecgstream.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.BundleManifest;
import org.ecgstream.core.bundle.BundleWriter;
import org.ecgstream.core.bundle.LabelAdvisory;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.schemas.ModelVersion;

/**
 * A bundle store in a temporary directory holding the default bundle (0.2.0) and copies of it whose
 * manifests declare other advisories or evidence, each with the registry record that makes it
 * production, as {@code ./ecg models publish} and {@code promote} write them. A copy's manifest is
 * re-sealed (its files' checksums are unchanged: same ONNX graphs), so its manifest sha256, which the
 * registry record pins, differs from the original's, and it needs a version of its own (a store
 * refuses a second bundle under a version it holds).
 */
public final class PublishedBundles {

  private static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");

  private final Path work;
  private final DirectoryBundleStore store;
  private int published;

  public PublishedBundles(Path tmp) {
    this.work = tmp;
    this.store = new DirectoryBundleStore(tmp.resolve("store"));
  }

  /** The store directory, for {@code ModelConfig.followingRegistry} and the job's declarations. */
  public String storeDir() {
    return store.root().toString();
  }

  /** The default bundle as shipped (AF advisory; AF and ST-change evidence), as production. */
  public ModelVersion defaultBundle() {
    return production(DefaultBundle.dir());
  }

  /** A copy declaring {@code advisory} for {@code label} besides the default's, as production. */
  public ModelVersion withAdvisory(String version, String label, LabelAdvisory advisory) {
    return production(BundleCopies.withAdvisory(work.resolve("export-" + version), version, label, advisory));
  }

  /** A copy declaring exactly {@code advisories} and {@code evidence}, as production. */
  public ModelVersion declaring(String version, Map<String, LabelAdvisory> advisories, Map<String, String> evidence) {
    Path dir = BundleCopies.defaultBundle(work.resolve("export-" + version));
    try {
      BundleManifest m = ModelBundle.open(dir).manifest();
      BundleWriter.write(dir, new BundleManifest(m.formatVersion(), m.name(), version, m.created(), m.gitCommit(),
          m.config(), m.trainingData(), m.metrics(), m.inputSpec(), m.textSpec(), m.embeddingSize(), m.onnxOpset(),
          m.files(), m.prompts(), m.calibration(), advisories, evidence));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (BundleException e) {
      throw new IllegalStateException("cannot re-declare the bundle copy in " + dir, e);
    }
    return production(dir);
  }

  /** The stored bundle of {@code record}. */
  public Path storedDir(ModelVersion record) {
    return Path.of(URI.create(record.getUri()));
  }

  private ModelVersion production(Path bundleDir) {
    try {
      URI uri = store.put(bundleDir);
      Instant at = AT.plusSeconds(++published);
      ModelVersion shadow = ModelRegistryEvents.published(ModelBundle.open(Path.of(uri)), uri, "test", at, null);
      return ModelRegistryEvents.staged(shadow, ModelStage.PRODUCTION, null, "test", at, "test promotes it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (BundleException e) {
      throw new IllegalStateException("cannot publish " + bundleDir, e);
    }
  }
}
