package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Nothing is scheduled without requests (CPU, memory) and a memory limit. */
class ResourcesTest {

  static final List<String> OVERLAYS = Manifests.ALL;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyContainerRequestsCpuAndMemoryAndLimitsMemory(String overlay) {
    Rendered r = Manifests.render(overlay);
    r.containersByWorkload().forEach((workload, containers) -> {
      for (Map<String, Object> c : containers) {
        if (workload.startsWith("FlinkDeployment/")) {
          continue; // the operator sizes Flink's containers from jobManager/taskManager.resource (next test)
        }
        String what = workload + " container " + c.get("name");
        assertThat(Kustomization.<Map<String, Object>>at(c, "resources", "requests")).as(what + " requests").containsKeys("cpu", "memory");
        assertThat(Kustomization.<Map<String, Object>>at(c, "resources", "limits")).as(what + " limits").containsKey("memory");
      }
    });
    assertThat(r.containersByWorkload()).containsKeys("Deployment/ecg-ingest", "Deployment/ecg-alert-bridge", "CronJob/ecg-trainer");
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void flinkJobAndTaskManagersAndKafkaNodesHaveResources(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> flink = r.get("FlinkDeployment", "ecg-alarms");
    for (String manager : List.of("jobManager", "taskManager")) {
      assertThat(Kustomization.<Map<String, Object>>at(flink, "spec", manager, "resource")).as(manager).containsKeys("cpu", "memory");
    }
    assertThat(r.ofKind("KafkaNodePool")).isNotEmpty().allSatisfy(pool ->
        assertThat(Kustomization.<Map<String, Object>>at(pool, "spec", "resources", "requests")).containsKeys("cpu", "memory"));
    Map<String, Object> entityOperator = Kustomization.at(r.get("Kafka", "ecg-kafka"), "spec", "entityOperator");
    for (String operator : List.of("topicOperator", "userOperator")) {
      assertThat(Kustomization.<Map<String, Object>>at(entityOperator, operator, "resources", "requests")).containsKeys("cpu", "memory");
    }
  }
}
