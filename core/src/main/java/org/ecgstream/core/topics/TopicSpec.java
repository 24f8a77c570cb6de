package org.ecgstream.core.topics;

import java.util.Map;

/**
 * A Kafka topic as this system expects it: default name, partitions and topic configs.
 *
 * <p>Pure data, so that the embedded broker, the Kubernetes manifests' tests and the services all
 * read the same facts without core depending on Kafka.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs, String purpose) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
    }
    configs = Map.copyOf(configs);
  }

  /** True when the topic keeps only the latest record per key. */
  public boolean compacted() {
    return "compact".equals(configs.get("cleanup.policy"));
  }
}
