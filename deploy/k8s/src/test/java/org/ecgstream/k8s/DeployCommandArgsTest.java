package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.flink.job.AlarmJobOptions;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.ecgstream.local.cli.EcgCli;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import picocli.CommandLine;

/**
 * The trainer CronJob's {@code ecg retrain} line, with its environment substituted, parses with the
 * real ./ecg retrain options (a renamed, missing or mistyped flag fails here, not at 2 a.m. on the
 * cluster), and the folders it names are mounted; the archive it reads is the volume the alarm job
 * archives onto.
 */
class DeployCommandArgsTest {

  static final List<String> OVERLAYS = Manifests.ALL;
  private static final Pattern VARIABLE = Pattern.compile("\"\\$([A-Z_]+)\"");

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void trainerCronJobRunsRetrainWithFlagsTheCommandDeclaresAndMountsWhatItReads(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> container = trainer(r);
    List<String> tokens = retrainArguments(r, overlay);

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

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void alarmJobArchivesOntoTheVolumeTheTrainerRetrainsFrom(String overlay) {
    Rendered r = Manifests.render(overlay);
    List<String> tokens = retrainArguments(r, overlay);
    String trainerArchive = tokens.get(tokens.indexOf("--archive") + 1);
    String trainerClaim = claimMountedAt(Kustomization.at(r.get("CronJob", "ecg-trainer"),
        "spec", "jobTemplate", "spec", "template", "spec"), trainer(r), trainerArchive);

    AlarmJobConfig job = AlarmJobOptions.toConfig(Manifests.alarmJobSettings(r));
    assertThat(job.archive()).as(overlay + ": the alarm job archives (ecg.archive.base is set)").isNotNull();
    String jobArchive = job.archive().baseUri();
    Map<String, Object> flink = AlarmJobManifestTest.flinkMainContainer(r);
    assertThat(claimMountedAt(Kustomization.at(r.get("FlinkDeployment", "ecg-alarms"), "spec", "podTemplate", "spec"),
        flink, jobArchive)).as(overlay + ": the job's ecg.archive.base and the trainer's --archive").isEqualTo(trainerClaim);
    assertThat(Kustomization.<List<Map<String, Object>>>at(flink, "volumeMounts"))
        .filteredOn(m -> jobArchive.equals(m.get("mountPath")))
        .allSatisfy(m -> assertThat(m.get("readOnly")).as("the job writes the archive").isNotEqualTo(true));
  }

  /** The arguments of the trainer's {@code ecg retrain} line, its environment variables substituted. */
  private static List<String> retrainArguments(Rendered r, String overlay) {
    Map<String, Object> container = trainer(r);
    List<String> args = Kustomization.at(container, "args");
    String script = String.join(" ", args);
    String line = script.lines().flatMap(l -> List.of(l.split(";")).stream()).map(String::trim)
        .filter(l -> l.startsWith("ecg retrain ")).findFirst()
        .orElseThrow(() -> new AssertionError(overlay + ": the trainer runs no 'ecg retrain' (script: " + script + ")"));
    return tokens(substitute(line.substring("ecg retrain ".length()), env(container)));
  }

  /** The PersistentVolumeClaim that {@code container} of {@code pod} mounts at {@code path}. */
  private static String claimMountedAt(Map<String, Object> pod, Map<String, Object> container, String path) {
    List<Map<String, Object>> mounts = Kustomization.at(container, "volumeMounts");
    String volume = mounts.stream().filter(m -> path.equals(m.get("mountPath"))).map(m -> (String) m.get("name"))
        .findFirst().orElseThrow(() -> new AssertionError(path + " is not a mounted volume of " + container.get("name")));
    List<Map<String, Object>> volumes = Kustomization.at(pod, "volumes");
    return volumes.stream().filter(v -> volume.equals(v.get("name"))).findFirst()
        .map(v -> Kustomization.<String>at(v, "persistentVolumeClaim", "claimName"))
        .orElseThrow(() -> new AssertionError("volume " + volume + " of " + container.get("name") + " is not declared"));
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
