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
        awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /**
   * Waits until every partition of the new topics has a leader: creation returns before that, and an
   * idempotent producer whose first batch to a partition meets NOT_LEADER_OR_FOLLOWER while later
   * batches get through can end in OutOfOrderSequenceException retries (seen on a loaded machine).
   */
  private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
    while (true) {
      if (allHaveLeaders(admin, topics)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics " + topics + " still have partitions without a leader 30 s after creation;"
            + " is the broker overloaded or still starting?");
      }
      Thread.sleep(50); // polling the cluster's state, not synchronising threads
    }
  }

  /** False also while the broker does not know the new topics yet (its metadata lags the controller). */
  private static boolean allHaveLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
    try {
      return admin.describeTopics(topics).allTopicNames().get().values().stream()
          .allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return false;
      }
      throw e;
    }
  }
}
