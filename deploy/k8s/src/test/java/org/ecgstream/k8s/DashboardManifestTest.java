package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.config.ConfigKey;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.MetricsEndpointConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The dashboard's Deployment, Service and ConfigMap against its code: keys DashboardConfig declares
 * and accepts, the ports it serves on (HTTPS and the metrics endpoint) used by the container, the
 * Service, the probes and the scrape, its users and key store mounted from Secrets at the paths the
 * config names, TLS on in prod.
 */
class DashboardManifestTest {

  static final List<String> OVERLAYS = Manifests.ALL;
  static final String CONFIG = "ecg-dashboard-config";
  static final String FILE = "dashboard.properties";

  private static Map<String, String> props(Rendered r) {
    return Manifests.properties(r, CONFIG, FILE);
  }

  private static Map<String, Object> container(Rendered r) {
    return BridgeAndIngestConfigTest.container(r, "Deployment", "ecg-dashboard", "dashboard");
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void configUsesOnlyKeysDashboardConfigDeclaresAndKafkaClientSettings(String overlay) {
    Set<String> declared = new HashSet<>(DashboardConfig.KEYS.stream().map(ConfigKey::name).toList());
    for (String key : props(Manifests.render(overlay)).keySet()) {
      if (key.startsWith(DashboardConfig.KAFKA_CLIENT_PREFIX)) {
        assertThat(BridgeAndIngestConfigTest.isKafkaClientSetting(key.substring(DashboardConfig.KAFKA_CLIENT_PREFIX.length()))).as(key).isTrue();
      } else {
        assertThat(key).as("no users in the ConfigMap: they come from the Secret").doesNotStartWith(DashboardConfig.USER_PREFIX);
        assertThat(declared).as("DashboardConfig keys").contains(key);
      }
    }
  }

  /** DashboardConfig.of checks the mounted files exist: they are stood in by files of the same kind in a temporary directory. */
  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void dashboardAcceptsItsConfigAtStartUp(String overlay, @TempDir Path dir) throws IOException {
    Map<String, String> props = new HashMap<>(props(Manifests.render(overlay)));
    Path users = dir.resolve("users.properties");
    Files.writeString(users, "user.nurse.kim=" + new PasswordHasher(10_000).hash("not-a-real-one".toCharArray()) + "\n");
    props.put(DashboardConfig.USERS_FILE.name(), users.toString());
    if (props.containsKey(DashboardConfig.TLS_KEYSTORE.name())) {
      Path keystore = Files.writeString(dir.resolve("keystore.p12"), "stand-in");
      props.put(DashboardConfig.TLS_KEYSTORE.name(), keystore.toString());
    }
    assertThatCode(() -> DashboardConfig.of(props)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void usersAndKeyStoreAreMountedFromTheirSecretsWhereTheConfigLooks(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, String> props = props(r);
    assertMountedFromSecret(r, props.get(DashboardConfig.USERS_FILE.name()), "ecg-dashboard-users");
    String keystore = props.getOrDefault(DashboardConfig.TLS_KEYSTORE.name(), "");
    if (!keystore.isEmpty()) {
      assertMountedFromSecret(r, keystore, "ecg-dashboard-tls");
      String password = props.get(DashboardConfig.TLS_KEYSTORE_PASSWORD.name());
      assertThat(password).startsWith("file:");
      assertMountedFromSecret(r, password.substring("file:".length()), "ecg-dashboard-tls");
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void itIsStartedAsEcgDashboardWithItsConfigMounted(String overlay) {
    Rendered r = Manifests.render(overlay);
    List<String> args = Kustomization.at(container(r), "args");
    assertThat(args.get(0)).isEqualTo("dashboard");
    int i = args.indexOf("--config");
    assertThat(i).isPositive();
    assertThat(args.get(i + 1)).endsWith("/" + FILE);
    Map<String, Object> mount = mountFor(container(r), args.get(i + 1));
    assertThat(volume(r, (String) mount.get("name"))).containsEntry("configMap", Map.of("name", CONFIG));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void theHttpPortIsTheContainerPortTheServiceTargetsAndTheMetricsPortIsScrapedAndProbed(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> c = container(r);
    int httpPort = Integer.parseInt(props(r).get(DashboardConfig.PORT.name()));
    String scheme = props(r).getOrDefault(DashboardConfig.TLS_KEYSTORE.name(), "").isEmpty() ? "http" : "https";
    assertThat(namedPort(c, scheme).get("containerPort")).isEqualTo(httpPort);
    assertThat(props(r).get(DashboardConfig.HOST.name())).as("reachable from the Service").isEqualTo("0.0.0.0");
    List<Map<String, Object>> servicePorts = Kustomization.at(r.get("Service", "ecg-dashboard"), "spec", "ports");
    assertThat(servicePorts).anySatisfy(p -> assertThat(p.get("targetPort")).isEqualTo(scheme));

    List<String> args = Kustomization.at(c, "args");
    int flag = args.indexOf("--metrics-port");
    assertThat(flag).as("started with --metrics-port").isPositive();
    MetricsEndpointConfig endpoint = MetricsEndpointConfig.from(Map.of(MetricsEndpointConfig.PORT_KEY, args.get(flag + 1)), "");
    assertThat(endpoint.enabled()).isTrue();
    assertThat(endpoint.port()).as("metrics apart from the signed-in pages").isNotEqualTo(httpPort);
    assertThat(namedPort(c, "metrics").get("containerPort")).isEqualTo(endpoint.port());
    assertThat(Kustomization.<String>at(r.get("Deployment", "ecg-dashboard"), "spec", "template", "metadata", "annotations", "prometheus.io/port"))
        .isEqualTo(String.valueOf(endpoint.port()));
    assertThat(Kustomization.<String>at(c, "readinessProbe", "httpGet", "path")).isEqualTo(MetricsEndpoint.READY_PATH);
    assertThat(Kustomization.<String>at(c, "livenessProbe", "httpGet", "path")).isEqualTo(MetricsEndpoint.LIVE_PATH);
    assertThat(Kustomization.<String>at(c, "readinessProbe", "httpGet", "port")).isEqualTo("metrics");
    assertThat(Kustomization.<String>at(c, "livenessProbe", "httpGet", "port")).isEqualTo("metrics");
    List<Map<String, Object>> selected = Kustomization.at(r.get("PodMonitor", "ecg-services"), "spec", "selector", "matchExpressions");
    assertThat(selected).anySatisfy(e -> assertThat(String.valueOf(e.get("values"))).contains("ecg-dashboard"));
    assertThat(servicePorts).as("the Service does not expose the metrics port").noneSatisfy(p -> assertThat(p.get("targetPort")).isEqualTo("metrics"));
  }

  @Test
  void prodServesHttpsOnlyWithTheKeyStoreFromASecretAndAPublicHttpsOrigin() {
    Rendered prod = Manifests.render("overlays/prod");
    Map<String, String> props = props(prod);
    assertThat(props.get(DashboardConfig.TLS_KEYSTORE.name())).as("tls.keystore in prod").isNotBlank();
    assertThat(props.get(DashboardConfig.TLS_KEYSTORE_PASSWORD.name())).matches("(file|env):.+");
    assertThat(props.get(DashboardConfig.PUBLIC_ORIGIN.name())).startsWith("https://");
    assertThat(props.get("kafka.client.security.protocol")).isEqualTo("SSL");
    assertThat(props.get(DashboardConfig.BOOTSTRAP.name())).endsWith(":9093");
  }

  private static void assertMountedFromSecret(Rendered r, String path, String secret) {
    assertThat(path).as("a path for secret " + secret).isNotBlank();
    Map<String, Object> mount = mountFor(container(r), path);
    assertThat(mount.get("readOnly")).isEqualTo(true);
    Map<String, Object> volume = volume(r, (String) mount.get("name"));
    assertThat(Kustomization.<String>at(volume, "secret", "secretName")).as(path).isEqualTo(secret);
  }

  private static Map<String, Object> mountFor(Map<String, Object> container, String path) {
    List<Map<String, Object>> mounts = Kustomization.at(container, "volumeMounts");
    return mounts.stream().filter(m -> path.equals(m.get("mountPath")) || path.startsWith(m.get("mountPath") + "/")).findFirst()
        .orElseThrow(() -> new AssertionError("ecg-dashboard: nothing mounted at " + path));
  }

  private static Map<String, Object> volume(Rendered r, String name) {
    List<Map<String, Object>> volumes = Kustomization.at(r.get("Deployment", "ecg-dashboard"), "spec", "template", "spec", "volumes");
    return volumes.stream().filter(v -> name.equals(v.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("ecg-dashboard: no volume " + name));
  }

  private static Map<String, Object> namedPort(Map<String, Object> container, String name) {
    List<Map<String, Object>> ports = Kustomization.at(container, "ports");
    return ports.stream().filter(p -> name.equals(p.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("dashboard container has no port named " + name));
  }
}
