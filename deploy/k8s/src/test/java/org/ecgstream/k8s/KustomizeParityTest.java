package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Java rendering the other tests check is what {@code kubectl kustomize} renders. Runs where
 * kubectl is on the PATH (skipped elsewhere, so the suite needs no tools beyond Java).
 */
@EnabledIf("kubectlAvailable")
class KustomizeParityTest {

  static final List<String> OVERLAYS = Manifests.ALL;

  static boolean kubectlAvailable() {
    try {
      Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void javaRenderingEqualsKubectlKustomize(String overlay) throws Exception {
    Path out = Files.createTempFile("kustomize", ".yaml");
    try {
      Process p = new ProcessBuilder("kubectl", "kustomize", Kustomization.k8sDir().resolve(overlay).toString())
          .redirectOutput(out.toFile()).redirectErrorStream(false).start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes())).isZero();
      List<Map<String, Object>> kubectl = sorted(Kustomization.readDocuments(out));
      List<Map<String, Object>> java = sorted(Kustomization.render(overlay).resources());
      assertThat(java).hasSameSizeAs(kubectl);
      for (int i = 0; i < java.size(); i++) {
        assertThat(java.get(i)).as(key(java.get(i))).isEqualTo(kubectl.get(i));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static List<Map<String, Object>> sorted(List<Map<String, Object>> docs) {
    List<Map<String, Object>> out = new ArrayList<>(docs);
    out.sort(Comparator.comparing(KustomizeParityTest::key));
    return out;
  }

  private static String key(Map<String, Object> doc) {
    return doc.get("kind") + "/" + Kustomization.Rendered.name(doc);
  }
}
