package org.ecgstream.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import org.ecgstream.core.bundle.BundleLayout;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.bundle.Sha256;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.schemas.ModelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ModelVersion records the registry writes: who, when, why, which bundle, which stage. */
class ModelRegistryEventsTest {

  private static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");

  @TempDir Path tmp;

  @Test
  void publishedVersionIsShadowWithManifestHashUriAndMetrics() throws Exception {
    ModelBundle bundle = ModelBundle.open(BundleCopies.defaultBundle(tmp.resolve("b")));
    URI uri = bundle.dir().toUri();

    ModelVersion v = ModelRegistryEvents.published(bundle, uri, "alice", AT, null);

    assertThat(v.getModelName()).isEqualTo("cmelt-tiny");
    assertThat(v.getVersion()).isEqualTo("0.2.0");
    assertThat(v.getStage()).isEqualTo("shadow");
    assertThat(v.getUri()).isEqualTo(uri.toString());
    assertThat(v.getSha256()).isEqualTo(Sha256.ofFile(bundle.dir().resolve(BundleLayout.MANIFEST)));
    assertThat(v.getMetrics()).isEqualTo(bundle.manifest().metrics()).isNotEmpty();
    assertThat(v.getChangedBy()).isEqualTo("alice");
    assertThat(v.getChangedAtMillis()).isEqualTo(AT.toEpochMilli());
    assertThat(ModelRegistryEvents.key(v)).isEqualTo("cmelt-tiny/shadow");
  }

  @Test
  void promotionKeepsTheBundleAndRecordsWhoWhenWhy() throws Exception {
    ModelBundle bundle = ModelBundle.open(BundleCopies.defaultBundle(tmp.resolve("b")));
    ModelVersion shadow = ModelRegistryEvents.published(bundle, bundle.dir().toUri(), "alice", AT, null);

    ModelVersion canary = ModelRegistryEvents.staged(shadow, ModelStage.CANARY, 0.1, "bob", AT.plusSeconds(60), "AUC +0.02");
    ModelVersion production = ModelRegistryEvents.staged(canary, ModelStage.PRODUCTION, null, "carol",
        AT.plusSeconds(120), "canary clean for 24 h");

    assertThat(canary.getCanaryShare()).isEqualTo(0.1);
    assertThat(ModelRegistryEvents.key(canary)).isEqualTo("cmelt-tiny/canary");
    assertThat(production.getStage()).isEqualTo("production");
    assertThat(production.getCanaryShare()).isNull();
    assertThat(production.getSha256()).isEqualTo(shadow.getSha256());
    assertThat(production.getUri()).isEqualTo(shadow.getUri());
    assertThat(production.getChangedBy()).isEqualTo("carol");
    assertThat(production.getReason()).isEqualTo("canary clean for 24 h");
  }

  @Test
  void stageChangesWithoutReasonOrWithAMisplacedShareAreRefused() throws Exception {
    ModelBundle bundle = ModelBundle.open(BundleCopies.defaultBundle(tmp.resolve("b")));
    ModelVersion shadow = ModelRegistryEvents.published(bundle, bundle.dir().toUri(), "alice", AT, null);

    assertThatThrownBy(() -> ModelRegistryEvents.staged(shadow, ModelStage.PRODUCTION, null, "bob", AT, " "))
        .hasMessageContaining("--reason");
    assertThatThrownBy(() -> ModelRegistryEvents.staged(shadow, ModelStage.CANARY, null, "bob", AT, "try"))
        .hasMessageContaining("--share");
    assertThatThrownBy(() -> ModelRegistryEvents.staged(shadow, ModelStage.PRODUCTION, 0.5, "bob", AT, "go"))
        .hasMessageContaining("canary stage only");
    assertThatThrownBy(() -> ModelStage.parse("prod")).hasMessageContaining("shadow, canary, production, archived");
  }
}
