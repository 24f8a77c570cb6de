package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.api.Test;

/** In prod nothing speaks plaintext: TLS listeners only, clients on the TLS port with TLS settings. */
class ProdSecurityTest {

  private static final Pattern BOOTSTRAP = Pattern.compile("ecg-kafka-kafka-bootstrap(?:\\.[a-z.-]+)?:(\\d+)");

  @Test
  void everyKafkaListenerInProdIsTlsWithAuthentication() {
    List<Map<String, Object>> listeners = listeners(Manifests.render("overlays/prod"));
    assertThat(listeners).isNotEmpty().allSatisfy(l -> {
      assertThat(l.get("tls")).as("listener " + l.get("name")).isEqualTo(true);
      assertThat(l).as("listener " + l.get("name")).containsKey("authentication");
    });
  }

  @Test
  void noTlsFalseAnywhereInProd() {
    List<String> found = new ArrayList<>();
    for (Map<String, Object> doc : Manifests.render("overlays/prod").resources()) {
      findTlsOff(doc, doc.get("kind") + "/" + Kustomization.Rendered.name(doc), found);
    }
    assertThat(found).isEmpty();
  }

  @Test
  void everyClientInProdConnectsToTheTlsListener() {
    Rendered r = Manifests.render("overlays/prod");
    int tlsPort = listeners(r).stream().filter(l -> Boolean.TRUE.equals(l.get("tls")))
        .mapToInt(l -> (Integer) l.get("port")).findFirst().orElseThrow();
    List<String> ports = new ArrayList<>();
    for (Map<String, Object> doc : r.resources()) {
      collectBootstrapPorts(doc, ports);
    }
    assertThat(ports).as("bootstrap addresses in prod").isNotEmpty().containsOnly(String.valueOf(tlsPort));
  }

  @Test
  void kafkaClientSettingsInProdAskForTls() {
    Rendered r = Manifests.render("overlays/prod");
    assertThat(Manifests.properties(r, Manifests.INGEST_CONFIG, "ingest.properties").get("security.protocol")).isIn("SSL", "SASL_SSL");
    assertThat(Manifests.properties(r, Manifests.BRIDGE_CONFIG, "bridge.properties").get("kafka.client.security.protocol"))
        .isIn("SSL", "SASL_SSL");
  }

  @Test
  void everyKafkaUserAuthenticatesByCertificateOrScram() {
    for (String overlay : Manifests.ALL) {
      assertThat(Manifests.render(overlay).ofKind("KafkaUser")).isNotEmpty().allSatisfy(u ->
          assertThat(Kustomization.<String>at(u, "spec", "authentication", "type")).isIn("tls", "scram-sha-512"));
    }
  }

  @Test
  void ourPodsInProdRunAsNonRootWithoutPrivilegeEscalation() {
    Rendered r = Manifests.render("overlays/prod");
    Map<String, Map<String, Object>> podSpecs = Map.of(
        "Deployment/ecg-ingest", Kustomization.at(r.get("Deployment", "ecg-ingest"), "spec", "template", "spec"),
        "Deployment/ecg-alert-bridge", Kustomization.at(r.get("Deployment", "ecg-alert-bridge"), "spec", "template", "spec"),
        "CronJob/ecg-trainer", Kustomization.at(r.get("CronJob", "ecg-trainer"), "spec", "jobTemplate", "spec", "template", "spec"));
    podSpecs.forEach((workload, pod) -> {
      assertThat(Kustomization.<Boolean>at(pod, "securityContext", "runAsNonRoot")).as(workload).isTrue();
      List<Map<String, Object>> containers = Kustomization.at(pod, "containers");
      assertThat(containers).allSatisfy(c ->
          assertThat(Kustomization.<Boolean>at(c, "securityContext", "allowPrivilegeEscalation")).as(workload).isFalse());
    });
  }

  /** The check above can fail: dev has a plaintext listener, and this finds it. */
  @Test
  void devHasThePlaintextListenerThatProdMustNotHave() {
    List<String> found = new ArrayList<>();
    Map<String, Object> kafka = Manifests.render("overlays/dev").get("Kafka", "ecg-kafka");
    findTlsOff(kafka, "Kafka/ecg-kafka", found);
    assertThat(found).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> listeners(Rendered r) {
    return Kustomization.at(r.get("Kafka", "ecg-kafka"), "spec", "kafka", "listeners");
  }

  @SuppressWarnings("unchecked")
  private static void findTlsOff(Object node, String where, List<String> found) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if ("tls".equals(k) && Boolean.FALSE.equals(v)) {
          found.add(where + ": tls: false");
        }
        findTlsOff(v, where, found);
      });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> findTlsOff(v, where, found));
    } else if (node instanceof String s) {
      for (String line : s.split("\n")) {
        String t = line.replace(" ", "");
        if (t.matches("(?i).*tls[=:]false.*") || t.matches("(?i).*security\\.protocol[=:](PLAINTEXT|SASL_PLAINTEXT).*")) {
          found.add(where + ": " + line.trim());
        }
      }
    }
  }

  private static void collectBootstrapPorts(Object node, List<String> ports) {
    if (node instanceof Map<?, ?> m) {
      m.values().forEach(v -> collectBootstrapPorts(v, ports));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectBootstrapPorts(v, ports));
    } else if (node instanceof String s) {
      Matcher matcher = BOOTSTRAP.matcher(s);
      while (matcher.find()) {
        ports.add(matcher.group(1));
      }
    }
  }
}
