package org.ecgstream.flink.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.flink.models.ModelSwitch.Action;
import org.ecgstream.schemas.ModelVersion;
import org.junit.jupiter.api.Test;

/** The switch's decisions as plain functions: what the registry declares, what a subtask loads, who gets which version. */
class ModelSwitchTest {

  private static final String MODEL = "cmelt-tiny";

  @Test
  void newProductionVersionIsLoadedOnceAndTheServingOneIsKept() {
    ModelVersion v2 = version("0.2.0", "b2", "production", null);
    ModelRoute v1 = route("0.1.0", "b1", "production", 0);

    assertThat(ModelSwitch.decide(ModelStage.PRODUCTION, v2, v1, null, Set.of())).isEqualTo(Action.LOAD);
    assertThat(ModelSwitch.decide(ModelStage.PRODUCTION, v2, v1, "0.2.0@b2", Set.of())).as("already loading")
        .isEqualTo(Action.KEEP);
    assertThat(ModelSwitch.decide(ModelStage.PRODUCTION, v2, route("0.2.0", "b2", "production", 0), null, Set.of()))
        .as("already serving").isEqualTo(Action.KEEP);
  }

  @Test
  void refusedBundleIsNotRetriedButARepublishedFixedOneIs() {
    ModelRoute v1 = route("0.1.0", "b1", "production", 0);

    assertThat(ModelSwitch.decide(ModelStage.PRODUCTION, version("0.2.0", "bad", "production", null), v1, null,
        Set.of("0.2.0@bad"))).isEqualTo(Action.KEEP);
    assertThat(ModelSwitch.decide(ModelStage.PRODUCTION, version("0.2.1", "good", "production", null), v1, null,
        Set.of("0.2.0@bad"))).isEqualTo(Action.LOAD);
  }

  @Test
  void productionWithoutDeclarationKeepsTheFirstBundleButTrialsWithoutOneRetire() {
    assertThat(ModelSwitch.decide(ModelStage.PRODUCTION, null, route("0.1.0", "b1", "production", 0), null, Set.of()))
        .isEqualTo(Action.KEEP);
    assertThat(ModelSwitch.decide(ModelStage.SHADOW, null, route("0.2.0", "b2", "shadow", 0), null, Set.of()))
        .isEqualTo(Action.RETIRE);
    assertThat(ModelSwitch.decide(ModelStage.CANARY, null, null, null, Set.of())).isEqualTo(Action.KEEP);
  }

  @Test
  void canaryWithANewShareIsReloadedUnderTheNewShare() {
    ModelRoute canary = route("0.2.0", "b2", "canary", 0.1);

    assertThat(ModelSwitch.decide(ModelStage.CANARY, version("0.2.0", "b2", "canary", 0.1), canary, null, Set.of()))
        .isEqualTo(Action.KEEP);
    assertThat(ModelSwitch.decide(ModelStage.CANARY, version("0.2.0", "b2", "canary", 0.5), canary, null, Set.of()))
        .isEqualTo(Action.LOAD);
  }

  @Test
  void promotionToProductionEndsTheSameVersionsShadowAndCanaryAndOtherModelsAreIgnored() {
    Map<ModelStage, ModelVersion> declared = new EnumMap<>(ModelStage.class);
    declared.put(ModelStage.SHADOW, version("0.2.0", "b2", "shadow", null));
    declared.put(ModelStage.CANARY, version("0.2.0", "b2", "canary", 0.2));

    Map<ModelStage, ModelVersion> other = ModelSwitch.afterRecord(declared,
        ModelVersion.newBuilder(version("9.0.0", "x", "production", null)).setModelName("other-model").build(), MODEL);
    Map<ModelStage, ModelVersion> promoted = ModelSwitch.afterRecord(declared, version("0.2.0", "b2", "production", null),
        MODEL);

    assertThat(other).isEqualTo(declared);
    assertThat(promoted).containsOnlyKeys(ModelStage.PRODUCTION);
    assertThat(promoted.get(ModelStage.PRODUCTION).getVersion()).isEqualTo("0.2.0");
  }

  @Test
  void archivingAVersionEndsItsShadowRunButNeverEmptiesProduction() {
    Map<ModelStage, ModelVersion> declared = new EnumMap<>(ModelStage.class);
    declared.put(ModelStage.PRODUCTION, version("0.1.0", "b1", "production", null));
    declared.put(ModelStage.SHADOW, version("0.2.0", "b2", "shadow", null));

    Map<ModelStage, ModelVersion> after = ModelSwitch.afterRecord(
        ModelSwitch.afterRecord(declared, version("0.2.0", "b2", "archived", null), MODEL),
        version("0.1.0", "b1", "archived", null), MODEL);

    assertThat(after).containsOnlyKeys(ModelStage.PRODUCTION);
  }

  @Test
  void canaryServesAStableShareOfPatientsAndProductionTheRest() {
    ModelRoute production = route("0.1.0", "b1", "production", 0);
    ModelRoute canary = route("0.2.0", "b2", "canary", 0.25);
    int inCanary = 0;
    for (int p = 0; p < 4000; p++) {
      String patient = "patient-" + p;
      ModelRoute chosen = ModelSwitch.servingRoute(patient, production, canary);
      assertThat(ModelSwitch.servingRoute(patient, production, canary)).as("same patient, same answer").isSameAs(chosen);
      if (chosen == canary) {
        inCanary++;
        assertThat(CanaryShare.includes(patient, 0.5)).as("a larger share keeps the patient").isTrue();
      }
    }
    assertThat(inCanary / 4000.0).isBetween(0.22, 0.28);
    assertThat(ModelSwitch.servingRoute("patient-1", production, null)).isSameAs(production);
  }

  @Test
  void refusedProductionFallsBackToTheNewestEarlierProductionNotRefusedHere() {
    ModelVersion v1 = version("0.1.0", "b1", "production", null);
    ModelVersion v2 = version("0.2.0", "b2", "production", null);
    ModelVersion v3 = version("0.3.0", "bad", "production", null);
    Map<ModelStage, ModelVersion> declared = new EnumMap<>(ModelStage.class);
    declared.put(ModelStage.PRODUCTION, v3);
    declared.put(ModelStage.SHADOW, version("0.4.0", "b4", "shadow", null));
    List<ModelVersion> newestFirst = List.of(v3, v2, v1);

    assertThat(ModelSwitch.targets(declared, newestFirst, Set.of()).get(ModelStage.PRODUCTION))
        .as("nothing refused: the declaration").isEqualTo(v3);
    Map<ModelStage, ModelVersion> afterRefusal = ModelSwitch.targets(declared, newestFirst, Set.of("0.3.0@bad"));
    assertThat(afterRefusal.get(ModelStage.PRODUCTION)).isEqualTo(v2);
    assertThat(afterRefusal.get(ModelStage.SHADOW)).as("other stages as declared").isEqualTo(declared.get(ModelStage.SHADOW));
    assertThat(ModelSwitch.targets(declared, newestFirst, Set.of("0.3.0@bad", "0.2.0@b2")).get(ModelStage.PRODUCTION))
        .isEqualTo(v1);
    assertThat(ModelSwitch.targets(declared, newestFirst, Set.of("0.3.0@bad", "0.2.0@b2", "0.1.0@b1"))
        .get(ModelStage.PRODUCTION)).as("all refused: the declaration, which keeps what serves").isEqualTo(v3);
  }

  @Test
  void historyKeysSortByChangeTime() {
    ModelVersion early = ModelVersion.newBuilder(version("0.9.0", "b9", "production", null)).setChangedAtMillis(5).build();
    ModelVersion late = ModelVersion.newBuilder(version("0.1.0", "b1", "production", null))
        .setChangedAtMillis(1_790_000_000_000L).build();

    assertThat(ModelSwitch.historyKey(early)).isLessThan(ModelSwitch.historyKey(late));
  }

  private static ModelVersion version(String version, String sha, String stage, Double share) {
    return ModelVersion.newBuilder().setModelName(MODEL).setVersion(version).setUri("file:/store/" + version)
        .setSha256(sha).setStage(stage).setCanaryShare(share).setMetrics(Map.of()).setChangedBy("test")
        .setChangedAtMillis(0).setReason("test").build();
  }

  private static ModelRoute route(String version, String sha, String stage, double share) {
    return new ModelRoute(MODEL, version, sha, stage, "/store/" + version, share);
  }
}
