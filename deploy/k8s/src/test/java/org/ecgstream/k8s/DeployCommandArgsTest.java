package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.ecgstream.local.cli.EcgCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import picocli.CommandLine;

/**
 * The trainer CronJob's {@code ecg retrain} line, with its environment substituted, parses with the
 * real ./ecg retrain options (a renamed, missing or mistyped flag fails here, not at 2 a.m. on the
 * cluster), and the folders it names are mounted.
 */
class DeployCommandArgsTest {

  static final List<String> OVERLAYS = Manifests.ALL;
  private static final Pattern VARIABLE = Pattern.compile("\"\\$([A-Z_]+)\"");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void trainerCronJobRunsRetrainWithFlagsTheCommandDeclaresAndMountsWhatItReads(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> container = trainer(r);
    List<String> args = Kustomization.at(container, "args");
    String script = String.join(" ", args);
    String line = script.lines().flatMap(l -> List.of(l.split(";")).stream()).map(String::trim)
        .filter(l -> l.startsWith("ecg retrain ")).findFirst()
        .orElseThrow(() -> new AssertionError(overlay + ": the trainer runs no 'ecg retrain' (script: " + script + ")"));
    List<String> tokens = tokens(substitute(line.substring("ecg retrain ".length()), env(container)));

    CommandLine ecg = EcgCli.commandLine();
    assertThat(ecg.getSubcommands()).as("./ecg retrain exists").containsKey("retrain");
    List<String> command = new ArrayList<>(List.of("retrain"));
    command.addAll(tokens);
    assertThatCode(() -> ecg.parseArgs(command.toArray(String[]::new))).as(overlay + ": " + tokens)
        .doesNotThrowAnyException();

    List<Map<String, Object>> mounts = Kustomization.at(container, "volumeMounts");
    List<String> mounted = mounts.stream().map(m -> (String) m.get("mountPath")).toList();
    for (String flag : List.of("--archive", "--data", "--store")) {
      String path = tokens.get(tokens.indexOf(flag) + 1);
      assertThat(mounted).as(overlay + ": " + flag + " " + path + " is a mounted volume").contains(path);
    }
    assertThat(mounts).filteredOn(m -> "/archive".equals(m.get("mountPath")))
        .allSatisfy(m -> assertThat(m.get("readOnly")).as("the trainer only reads the archive").isEqualTo(true));
  }

  private static Map<String, Object> trainer(Rendered r) {
    List<Map<String, Object>> containers = Kustomization.at(r.get("CronJob", "ecg-trainer"),
        "spec", "jobTemplate", "spec", "template", "spec", "containers");
    return containers.stream().filter(c -> "trainer".equals(c.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("CronJob ecg-trainer has no container 'trainer'"));
  }

  private static Map<String, String> env(Map<String, Object> container) {
    List<Map<String, Object>> env = Kustomization.at(container, "env");
    Map<String, String> out = new java.util.HashMap<>();
    env.forEach(e -> out.put((String) e.get("name"), String.valueOf(e.get("value"))));
    return out;
  }

  /** {@code "$NAME"} replaced by the container's value of NAME; an unset variable fails the test. */
  private static String substitute(String line, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(line);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      assertThat(value).as("environment variable " + m.group(1) + " of the trainer container").isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    for (String t : line.trim().split("\\s+")) {
      out.add(t);
    }
    return out;
  }
}
