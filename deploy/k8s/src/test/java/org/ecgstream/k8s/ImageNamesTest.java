package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every image a manifest runs is one the build makes: the ecg.image.* properties of the root pom. */
class ImageNamesTest {

  static final List<String> OVERLAYS = Manifests.ALL;

  static String property(String name) {
    String value = System.getProperty(name);
    assertThat(value).as(name + " (set by deploy/k8s/pom.xml from the root pom)").isNotBlank();
    return value;
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyImageIsOneTheRootPomDeclares(String overlay) {
    Rendered r = Manifests.render(overlay);
    Set<String> ours = Set.of(property("ecg.image.ingest"), property("ecg.image.alarm-job"), property("ecg.image.alert-bridge"),
        property("ecg.image.dashboard"), property("ecg.image.trainer-cpu"), property("ecg.image.trainer-cuda"));
    r.containersByWorkload().forEach((workload, containers) -> containers.stream()
        .filter(c -> c.get("image") != null)
        .forEach(c -> assertThat(ours).as(workload + " container " + c.get("name")).contains((String) c.get("image"))));
    assertThat(Kustomization.<String>at(r.get("FlinkDeployment", "ecg-alarms"), "spec", "image")).isEqualTo(property("ecg.image.alarm-job"));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void eachServiceRunsItsOwnImage(String overlay) {
    Rendered r = Manifests.render(overlay);
    assertThat(BridgeAndIngestConfigTest.container(r, "Deployment", "ecg-ingest", "ingest").get("image")).isEqualTo(property("ecg.image.ingest"));
    assertThat(BridgeAndIngestConfigTest.container(r, "Deployment", "ecg-alert-bridge", "bridge").get("image"))
        .isEqualTo(property("ecg.image.alert-bridge"));
    assertThat(BridgeAndIngestConfigTest.container(r, "Deployment", "ecg-dashboard", "dashboard").get("image"))
        .isEqualTo(property("ecg.image.dashboard"));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theTrainerRunsTheCudaImageExactlyWhenItRequestsAGpu(String overlay) {
    Map<String, Object> trainer = trainerContainer(Manifests.render(overlay));
    boolean gpu = Kustomization.<Map<String, Object>>at(trainer, "resources", "limits").containsKey("nvidia.com/gpu");
    assertThat(trainer.get("image")).isEqualTo(property(gpu ? "ecg.image.trainer-cuda" : "ecg.image.trainer-cpu"));
  }

  static Map<String, Object> trainerContainer(Rendered r) {
    List<Map<String, Object>> containers = Kustomization.at(r.get("CronJob", "ecg-trainer"),
        "spec", "jobTemplate", "spec", "template", "spec", "containers");
    return containers.get(0);
  }
}
