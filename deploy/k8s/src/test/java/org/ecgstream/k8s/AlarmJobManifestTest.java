package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.ecgstream.flink.job.AlarmJobLauncher;
import org.ecgstream.flink.job.AlarmJobOptions;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The FlinkDeployment runs the job the way flink-jobs declares it, with settings the job accepts. */
class AlarmJobManifestTest {

  static final List<String> OVERLAYS = Manifests.ALL;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void configMapUsesOnlyKeysAlarmJobOptionsDeclares(String overlay) {
    Map<String, String> settings = Manifests.alarmJobSettings(Manifests.render(overlay));
    Set<String> declared = AlarmJobOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toSet());
    // Flink's own settings belong in the FlinkDeployment's flinkConfiguration, so nothing else here.
    assertThat(settings.keySet()).isNotEmpty()
        .filteredOn(key -> !key.startsWith(AlarmJobOptions.KAFKA_CLIENT_PREFIX))
        .allSatisfy(key -> assertThat(declared).as("AlarmJobOptions keys").contains(key));
  }

  @org.junit.jupiter.api.Test
  void inProdEveryKafkaClientOfTheJobUsesTlsWithTheUsersCertificateAndNoInlinePassword() {
    Map<String, String> settings = Manifests.alarmJobSettings(Manifests.render("overlays/prod"));
    Map<String, String> client = AlarmJobOptions.toConfig(settings).kafkaClient();

    assertThat(client).containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.keystore.location", "/etc/kafka/user/user.p12")
        .containsEntry("ssl.truststore.location", "/etc/kafka/ca/ca.crt");
    assertThat(client.get("ssl.keystore.password")).startsWith("${dir:");
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void jobAcceptsTheSettingsAtStartUp(String overlay) {
    Map<String, String> settings = Manifests.alarmJobSettings(Manifests.render(overlay));
    assertThatCode(() -> AlarmJobOptions.toConfig(settings)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void jobJarEntryClassAndConfigFileAreTheImagesAndTheConfigMaps(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> job = Kustomization.at(r.get("FlinkDeployment", "ecg-alarms"), "spec", "job");
    assertThat(job.get("jarURI")).isEqualTo(
        "local:///opt/flink/usrlib/ecg-flink-jobs-" + System.getProperty("project.version") + "-job.jar");
    assertThat(job.get("entryClass")).isEqualTo(AlarmJobLauncher.class.getName());
    assertThat(job.get("args")).isEqualTo(List.of("--config", "/opt/ecg/alarms.yaml"));
    Map<String, Object> container = flinkMainContainer(r);
    assertThat(Kustomization.<List<Map<String, Object>>>at(container, "volumeMounts"))
        .anySatisfy(m -> assertThat(m).containsEntry("mountPath", "/opt/ecg/alarms.yaml").containsEntry("name", "job-config"));
    List<Map<String, Object>> volumes = Kustomization.at(r.get("FlinkDeployment", "ecg-alarms"), "spec", "podTemplate", "spec", "volumes");
    assertThat(volumes).anySatisfy(v -> assertThat(v).containsEntry("name", "job-config")
        .containsEntry("configMap", Map.of("name", Manifests.ALARM_JOB_CONFIG)));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void stateIsRocksDbWithCheckpointsAndSavepointsInObjectStorageHaAndSavepointUpgrades(String overlay) {
    Map<String, Object> spec = Kustomization.at(Manifests.render(overlay).get("FlinkDeployment", "ecg-alarms"), "spec");
    Map<String, String> flink = TopicsMatchEcgTopicsTest.stringValues(Kustomization.at(spec, "flinkConfiguration"));
    assertThat(flink).containsEntry("state.backend.type", "rocksdb").containsEntry("high-availability.type", "kubernetes");
    assertThat(flink.get("execution.checkpointing.dir")).startsWith("s3://");
    assertThat(flink.get("execution.checkpointing.savepoint-dir")).startsWith("s3://");
    assertThat(flink.get("high-availability.storageDir")).startsWith("s3://");
    assertThat(flink).containsKeys("job.autoscaler.enabled", "job.autoscaler.target.utilization");
    assertThat(Kustomization.<String>at(spec, "job", "upgradeMode")).isEqualTo("savepoint");
    assertThat(flink.keySet()).as("the job's own settings belong in the ConfigMap").noneMatch(k -> k.startsWith(AlarmJobOptions.PREFIX));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void parallelismNeverExceedsThePartitionsOfTheFramesTopic(String overlay) {
    Map<String, Object> spec = Kustomization.at(Manifests.render(overlay).get("FlinkDeployment", "ecg-alarms"), "spec");
    assertThat(Kustomization.<Integer>at(spec, "job", "parallelism"))
        .isLessThanOrEqualTo(org.ecgstream.core.topics.EcgTopics.FRAMES.partitions());
  }

  /** Set before the JVM starts, or ONNX Runtime's telemetry crashes a task manager with a long class path (core OnnxRuntimeEnvironment). */
  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void jobAndTaskManagersStartWithOnnxRuntimeTelemetryOff(String overlay) {
    List<Map<String, Object>> env = Kustomization.at(flinkMainContainer(Manifests.render(overlay)), "env");
    assertThat(env).anySatisfy(e -> assertThat(e)
        .containsEntry("name", org.ecgstream.core.inference.OnnxRuntimeEnvironment.TELEMETRY_VARIABLE)
        .containsEntry("value", "1"));
  }

  static Map<String, Object> flinkMainContainer(Rendered r) {
    List<Map<String, Object>> containers = Kustomization.at(r.get("FlinkDeployment", "ecg-alarms"), "spec", "podTemplate", "spec", "containers");
    return containers.stream().filter(c -> "flink-main-container".equals(c.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("the pod template must name flink-main-container"));
  }
}
