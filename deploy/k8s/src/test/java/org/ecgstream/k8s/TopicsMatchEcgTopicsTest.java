package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.core.topics.TopicSpec;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** KafkaTopics are EcgTopics: the same names, partitions, retention and cleanup policy, in every overlay. */
class TopicsMatchEcgTopicsTest {

  static final java.util.List<String> OVERLAYS = Manifests.ALL;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyTopicOfEcgTopicsIsAKafkaTopicAndNoOther(String overlay) {
    Map<String, Map<String, Object>> topics = topicsByName(Manifests.render(overlay));
    assertThat(topics.keySet())
        .containsExactlyInAnyOrderElementsOf(EcgTopics.ALL.stream().map(TopicSpec::name).toList());
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void partitionsRetentionAndCleanupPolicyAreThoseEcgTopicsDeclares(String overlay) {
    Map<String, Map<String, Object>> topics = topicsByName(Manifests.render(overlay));
    for (TopicSpec spec : EcgTopics.ALL) {
      Map<String, Object> topic = topics.get(spec.name());
      assertThat(Kustomization.<Integer>at(topic, "spec", "partitions")).as(spec.name() + " partitions").isEqualTo(spec.partitions());
      Map<String, String> config = stringValues(Kustomization.at(topic, "spec", "config"));
      // Every config EcgTopics declares (cleanup.policy, retention.ms or min.compaction.lag.ms), same value.
      assertThat(config).as(spec.name() + " config").containsAllEntriesOf(spec.configs());
      if (spec.compacted()) {
        assertThat(config).as(spec.name() + " is compacted: no retention limit").doesNotContainKey("retention.ms");
      }
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void topicsBelongToTheClusterAndAreReplicatedThreeTimesWithTwoInSync(String overlay) {
    for (Map<String, Object> topic : topicsByName(Manifests.render(overlay)).values()) {
      assertThat(Kustomization.<String>at(topic, "metadata", "labels", "strimzi.io/cluster")).isEqualTo("ecg-kafka");
      assertThat(Kustomization.<Integer>at(topic, "spec", "replicas")).isEqualTo(3);
      assertThat(stringValues(Kustomization.at(topic, "spec", "config"))).containsEntry("min.insync.replicas", "2");
    }
  }

  static Map<String, Map<String, Object>> topicsByName(Rendered r) {
    return r.ofKind("KafkaTopic").stream().collect(Collectors.toMap(
        t -> Kustomization.<String>at(t, "spec", "topicName"), t -> t, (a, b) -> {
          throw new AssertionError("two KafkaTopics for " + Kustomization.at(a, "spec", "topicName"));
        }, TreeMap::new));
  }

  static Map<String, String> stringValues(Map<String, Object> map) {
    Map<String, String> out = new TreeMap<>();
    map.forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }
}
