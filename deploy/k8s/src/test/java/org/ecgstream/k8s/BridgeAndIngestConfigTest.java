package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.bridge.config.ConfigKey;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The bridge's and ingest's config files hold only keys their code reads; the pods mount what they name. */
class BridgeAndIngestConfigTest {

  static final List<String> OVERLAYS = Manifests.ALL;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void bridgeConfigUsesOnlyKeysBridgeConfigDeclaresAndKafkaClientSettings(String overlay) {
    Map<String, String> props = Manifests.properties(Manifests.render(overlay), Manifests.BRIDGE_CONFIG, "bridge.properties");
    Set<String> declared = new HashSet<>(BridgeConfig.KEYS.stream().map(ConfigKey::name).toList());
    for (String key : props.keySet()) {
      if (key.startsWith(BridgeConfig.KAFKA_CLIENT_PREFIX)) {
        assertThat(isKafkaClientSetting(key.substring(BridgeConfig.KAFKA_CLIENT_PREFIX.length()))).as(key).isTrue();
      } else {
        assertThat(declared).as("BridgeConfig keys").contains(key);
      }
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void bridgeAcceptsItsConfigAtStartUp(String overlay) {
    Map<String, String> props = Manifests.properties(Manifests.render(overlay), Manifests.BRIDGE_CONFIG, "bridge.properties");
    assertThatCode(() -> BridgeConfig.of(props)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void ingestConfigHoldsKafkaStreamsAndClientSettingsWithOurApplicationId(String overlay) {
    Map<String, String> props = Manifests.properties(Manifests.render(overlay), Manifests.INGEST_CONFIG, "ingest.properties");
    // The ingest.* keys arrive with the ingest branch (IngestConfig); until then only Kafka's own.
    assertThat(props.keySet()).allSatisfy(k -> assertThat(isKafkaClientSetting(k)).as(k).isTrue());
    assertThat(props).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, IngestApp.DEFAULT_APPLICATION_ID);
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void ingestAutoscalesUpToThePartitionsOfTheRawTopicWithProbes(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> hpa = r.get("HorizontalPodAutoscaler", "ecg-ingest");
    assertThat(Kustomization.<Integer>at(hpa, "spec", "maxReplicas")).isEqualTo(EcgTopics.RAW.partitions());
    assertThat(Kustomization.<Integer>at(hpa, "spec", "minReplicas")).isBetween(1, EcgTopics.RAW.partitions());
    Map<String, Object> ingest = container(r, "Deployment", "ecg-ingest", "ingest");
    assertThat(ingest).containsKeys("livenessProbe", "readinessProbe");
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void configFilesNamedInArgsAreMountedFromTheirConfigMaps(String overlay) {
    Rendered r = Manifests.render(overlay);
    assertMountedConfig(r, "ecg-alert-bridge", "bridge", Manifests.BRIDGE_CONFIG, "bridge.properties");
    assertMountedConfig(r, "ecg-ingest", "ingest", Manifests.INGEST_CONFIG, "ingest.properties");
  }

  private static void assertMountedConfig(Rendered r, String deployment, String containerName, String configMap, String file) {
    Map<String, Object> c = container(r, "Deployment", deployment, containerName);
    List<String> args = Kustomization.at(c, "args");
    int i = args.indexOf("--config");
    if (i < 0) {
      return; // dev's ingest runs without a config file (see overlays/dev)
    }
    String path = args.get(i + 1);
    assertThat(path).endsWith("/" + file);
    List<Map<String, Object>> mounts = Kustomization.at(c, "volumeMounts");
    Map<String, Object> mount = mounts.stream().filter(m -> path.startsWith((String) m.get("mountPath"))).findFirst()
        .orElseThrow(() -> new AssertionError(deployment + ": nothing mounted at " + path));
    List<Map<String, Object>> volumes = Kustomization.at(r.get("Deployment", deployment), "spec", "template", "spec", "volumes");
    assertThat(volumes).anySatisfy(v -> assertThat(v).containsEntry("name", mount.get("name"))
        .containsEntry("configMap", Map.of("name", configMap)));
  }

  static Map<String, Object> container(Rendered r, String kind, String name, String container) {
    List<Map<String, Object>> containers = Kustomization.at(r.get(kind, name), "spec", "template", "spec", "containers");
    return containers.stream().filter(c -> container.equals(c.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError(kind + " " + name + " has no container " + container));
  }

  /** A Kafka Streams, consumer, producer or admin setting, or a config provider's. */
  static boolean isKafkaClientSetting(String key) {
    return StreamsConfig.configDef().names().contains(key) || ConsumerConfig.configNames().contains(key)
        || ProducerConfig.configNames().contains(key) || AdminClientConfig.configNames().contains(key)
        || key.startsWith("config.providers.");
  }
}
