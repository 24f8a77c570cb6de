package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.AlarmJobOptions;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.ingest.IngestTopics;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Each KafkaUser may read exactly the topics its service reads and write exactly those it writes
 * (as the code and the service's config in the manifests say), use its own consumer groups and
 * transactional ids, and nothing else.
 */
class UserAclsTest {

  static final List<String> OVERLAYS = Manifests.ALL;
  private static final Set<String> READ = Set.of("Read", "Describe");
  private static final Set<String> WRITE = Set.of("Write", "Describe");
  private static final Set<String> READ_WRITE = Set.of("Read", "Write", "Describe");

  /** What a service does on Kafka: topics with their operations, and group / transactional-id resources. */
  record Expected(Map<String, Set<String>> topics, Set<String> otherResources) {}

  static Map<String, Expected> expectedFromCode(Rendered r) {
    Map<String, Expected> users = new TreeMap<>();

    IngestTopics ingest = IngestTopics.defaults();
    String appId = IngestApp.DEFAULT_APPLICATION_ID;
    users.put("ecg-ingest", new Expected(
        Map.of(ingest.raw(), READ, ingest.admissions(), READ, ingest.frames(), WRITE, ingest.deadLetters(), WRITE),
        Set.of("topic " + appId + "- prefix", "group " + appId + " literal", "transactionalId " + appId + "- prefix")));

    AlarmJobConfig job = AlarmJobOptions.toConfig(Manifests.alarmJobSettings(r));
    String prefix = job.transactionalIdPrefix() + "-";
    Map<String, Set<String>> jobTopics = new TreeMap<>(Map.of(job.framesTopic(), READ, job.acksTopic(), READ,
        job.admissionsTopic(), READ, job.alertsTopic(), WRITE, job.deadLetterTopic(), WRITE, job.vitalsTopic(), WRITE));
    if (job.model() != null) {
      jobTopics.put(job.model().labelsTopic(), WRITE);
      if (job.model().modelsTopic() != null) {
        jobTopics.put(job.model().modelsTopic(), READ);
        jobTopics.put(EcgTopics.SHADOW_LABELS.name(), WRITE); // shadow versions' labels (EcgAlarmJob)
      }
    }
    if (job.archive() != null) {
      jobTopics.put(job.archive().reportsTopic(), READ); // reports archived beside the recordings (EcgAlarmJob)
    }
    users.put("ecg-alarm-job", new Expected(jobTopics,
        Set.of("group " + prefix + " prefix", "transactionalId " + prefix + " prefix")));

    BridgeConfig bridge = BridgeConfig.of(Manifests.properties(r, Manifests.BRIDGE_CONFIG, "bridge.properties"));
    users.put("ecg-alert-bridge", new Expected(
        Map.of(bridge.text(BridgeConfig.ALERTS_TOPIC), READ, bridge.text(BridgeConfig.PARKED_TOPIC), WRITE,
            bridge.text(BridgeConfig.ACKS_TOPIC), WRITE),
        Set.of("group " + bridge.text(BridgeConfig.GROUP_ID) + " literal")));

    // dashboard WardFeed (assign, no group, nothing committed) reads five topics; acknowledgements go to topic.acks.
    DashboardConfig dashboard = DashboardConfig.of(dashboardSettingsWithAStandInUser(r));
    users.put("ecg-dashboard", new Expected(
        Map.of(dashboard.get(DashboardConfig.FRAMES_TOPIC), READ, dashboard.get(DashboardConfig.ALERTS_TOPIC), READ,
            dashboard.get(DashboardConfig.LABELS_TOPIC), READ, dashboard.get(DashboardConfig.MODELS_TOPIC), READ,
            dashboard.get(DashboardConfig.VITALS_TOPIC), READ, dashboard.get(DashboardConfig.ACKS_TOPIC), WRITE),
        Set.of()));

    // ./ecg models publish|promote|rollback read the registry without a group and append to it.
    users.put("ecg-trainer", new Expected(Map.of(EcgTopics.MODELS.name(), READ_WRITE), Set.of()));
    // ./ecg simulate: FleetPublisher writes frames and admissions.
    users.put("ecg-simulator", new Expected(Map.of(EcgTopics.RAW.name(), WRITE, EcgTopics.ADMISSIONS.name(), WRITE), Set.of()));
    return users;
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void thereIsOneKafkaUserPerService(String overlay) {
    Rendered r = Manifests.render(overlay);
    assertThat(r.ofKind("KafkaUser").stream().map(Rendered::name))
        .containsExactlyInAnyOrderElementsOf(expectedFromCode(r).keySet());
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void eachUserReadsAndWritesExactlyTheTopicsItsServiceUses(String overlay) {
    Rendered r = Manifests.render(overlay);
    expectedFromCode(r).forEach((user, expected) -> {
      Map<String, Set<String>> literalTopics = new TreeMap<>();
      for (Map<String, Object> acl : acls(r, user)) {
        Map<String, Object> resource = Kustomization.at(acl, "resource");
        if ("topic".equals(resource.get("type")) && "literal".equals(resource.get("patternType"))) {
          literalTopics.merge((String) resource.get("name"), new TreeSet<>(operations(acl)), (a, b) -> {
            a.addAll(b);
            return a;
          });
        }
      }
      assertThat(literalTopics).as(user + ": topics and operations").isEqualTo(new TreeMap<>(expected.topics()));
    });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void groupsTransactionalIdsAndPrefixedTopicsAreTheServicesOwn(String overlay) {
    Rendered r = Manifests.render(overlay);
    expectedFromCode(r).forEach((user, expected) -> {
      Set<String> others = new TreeSet<>();
      for (Map<String, Object> acl : acls(r, user)) {
        Map<String, Object> resource = Kustomization.at(acl, "resource");
        boolean literalTopic = "topic".equals(resource.get("type")) && "literal".equals(resource.get("patternType"));
        if (!literalTopic) {
          others.add(resource.get("type") + " " + resource.get("name") + " " + resource.get("patternType"));
          assertThat(operations(acl)).as(user + " " + resource).doesNotContain("All");
        }
        assertThat(resource.get("type")).as(user + ": no cluster-wide rights").isNotEqualTo("cluster");
      }
      assertThat(others).as(user + ": groups, transactional ids, prefixed topics").isEqualTo(new TreeSet<>(expected.otherResources()));
    });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void eachWorkloadMountsTheCredentialsOfItsOwnUser(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, String> userOf = Map.of("Deployment/ecg-ingest", "ecg-ingest", "Deployment/ecg-alert-bridge", "ecg-alert-bridge",
        "FlinkDeployment/ecg-alarms", "ecg-alarm-job", "CronJob/ecg-trainer", "ecg-trainer", "Deployment/ecg-dashboard", "ecg-dashboard");
    Set<String> users = expectedFromCode(r).keySet();
    userOf.forEach((workload, user) -> {
      String[] kindName = workload.split("/");
      Set<String> mountedUsers = new TreeSet<>();
      collectSecretVolumes(r.get(kindName[0], kindName[1]), mountedUsers);
      mountedUsers.retainAll(users);
      assertThat(mountedUsers).as(workload).containsExactly(user);
    });
  }

  /** The dashboard's settings with its mounted files (users, key store) left out and one user in their place: only the topics matter here. */
  private static Map<String, String> dashboardSettingsWithAStandInUser(Rendered r) {
    Map<String, String> props = new java.util.HashMap<>(Manifests.properties(r, DashboardManifestTest.CONFIG, DashboardManifestTest.FILE));
    props.remove(DashboardConfig.USERS_FILE.name());
    props.remove(DashboardConfig.TLS_KEYSTORE.name());
    props.put(DashboardConfig.USER_PREFIX + "stand-in", STAND_IN_HASH);
    return props;
  }

  private static final String STAND_IN_HASH = new PasswordHasher(1_000).hash("stand-in".toCharArray());

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> acls(Rendered r, String user) {
    return Kustomization.at(r.get("KafkaUser", user), "spec", "authorization", "acls");
  }

  @SuppressWarnings("unchecked")
  private static List<String> operations(Map<String, Object> acl) {
    return (List<String>) acl.get("operations");
  }

  private static void collectSecretVolumes(Object node, Set<String> out) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("secret") instanceof Map<?, ?> volume && volume.get("secretName") != null) {
        out.add((String) volume.get("secretName"));
      }
      m.values().forEach(v -> collectSecretVolumes(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectSecretVolumes(v, out));
    }
  }
}
