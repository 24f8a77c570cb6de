package org.ecgstream.local.broker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.ecgstream.core.topics.TopicSpec;

/** Creates the system's topics with their partitions and configs; topics that exist are left alone. */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /** Creates the missing topics among {@code specs} on the cluster at {@code bootstrapServers}. */
  public static void ensureTopics(String bootstrapServers, Collection<TopicSpec> specs) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = specs.stream()
          .filter(spec -> !existing.contains(spec.name()))
          .map(spec -> new NewTopic(spec.name(), spec.partitions(), (short) 1).configs(spec.configs()))
          .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
