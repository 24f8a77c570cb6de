package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Secrets are referenced, never written into a manifest or a config file. */
class SecretsByReferenceTest {

  static final List<String> OVERLAYS = Manifests.ALL;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void noManifestIsASecret(String overlay) {
    assertThat(Manifests.render(overlay).ofKind("Secret")).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void noCredentialIsAnEnvironmentValue(String overlay) {
    Manifests.render(overlay).containersByWorkload().forEach((workload, containers) -> {
      for (Map<String, Object> c : containers) {
        List<Map<String, Object>> env = Kustomization.at(c, "env");
        for (Map<String, Object> e : env == null ? List.<Map<String, Object>>of() : env) {
          if (((String) e.get("name")).matches("(?i).*(password|token|secret|key).*")) {
            assertThat(e).as(workload + " env " + e.get("name")).doesNotContainKey("value").containsKey("valueFrom");
          }
        }
      }
    });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void credentialsInConfigFilesAreReferences(String overlay) {
    for (Map<String, Object> cm : Manifests.render(overlay).ofKind("ConfigMap")) {
      Map<String, Object> data = Kustomization.at(cm, "data");
      data.forEach((file, text) -> {
        for (String line : ((String) text).split("\n")) {
          int sep = line.indexOf('=') >= 0 ? line.indexOf('=') : line.indexOf(':');
          if (line.isBlank() || line.trim().startsWith("#") || sep < 0) {
            continue;
          }
          String key = line.substring(0, sep).trim();
          String value = line.substring(sep + 1).trim();
          if (key.matches("(?i).*(password|token|secret|jaas).*") && !value.isEmpty()) {
            assertThat(value).as(Rendered.name(cm) + "/" + file + " " + key)
                .matches("(env:|file:|\\$\\{(dir|file|env):).*");
          }
        }
      });
    }
  }

  /** Strimzi makes the KafkaUsers' and the cluster CA's secrets; the operator makes the rest as deploy/README.md says. */
  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void everyReferencedSecretIsMadeByStrimziOrNamedInTheOperatorGuide(String overlay) throws IOException {
    Rendered r = Manifests.render(overlay);
    Set<String> referenced = new TreeSet<>();
    for (Map<String, Object> doc : r.resources()) {
      collectSecretNames(doc, referenced);
    }
    Set<String> strimzi = new TreeSet<>();
    r.ofKind("KafkaUser").forEach(u -> strimzi.add(Rendered.name(u)));
    r.ofKind("Kafka").forEach(k -> strimzi.add(Rendered.name(k) + "-cluster-ca-cert"));
    String guide = Files.readString(Path.of(System.getProperty("ecg.readme")));
    List<String> unexplained = new ArrayList<>();
    for (String secret : referenced) {
      if (!strimzi.contains(secret) && !guide.contains("`" + secret + "`")) {
        unexplained.add(secret);
      }
    }
    assertThat(referenced).isNotEmpty();
    assertThat(unexplained).as("secrets neither made by Strimzi nor named (in backticks) in deploy/README.md").isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static void collectSecretNames(Object node, Set<String> out) {
    if (node instanceof Map<?, ?> m) {
      if (m.get("secretKeyRef") instanceof Map<?, ?> ref) {
        out.add((String) ref.get("name"));
      }
      if (m.get("secret") instanceof Map<?, ?> volume && volume.get("secretName") != null) {
        out.add((String) volume.get("secretName"));
      }
      m.values().forEach(v -> collectSecretNames(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collectSecretNames(v, out));
    }
  }
}
