package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.core.topics.TopicSpec;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.local.registry.ModelRegistryLog;
import org.ecgstream.schemas.ModelVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./ecg models} against the embedded broker: publish, promote, roll back, and what list and show print. */
@Timeout(60)
class ModelsCommandTest {

  private static EmbeddedKafkaBroker broker;

  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.onFreePort().start();
    TopicProvisioner.ensureTopics(broker.bootstrapServers(), List.of(EcgTopics.MODELS));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void publishPromoteAndRollbackAreRecordedWithWhoAndWhyAndListShowsTheCurrentStages() {
    String store = tmp.resolve("store").toString();
    Path v1 = BundleCopies.defaultBundle(tmp.resolve("v1"));
    Path v2 = BundleCopies.withVersion(tmp.resolve("v2"), "0.3.0");

    assertThat(run("publish", v1.toString(), "--store", store, "--by", "alice").out).contains("published cmelt-tiny 0.2.0 as shadow");
    assertThat(run("promote", "cmelt-tiny", "0.2.0", "--to", "production", "--reason", "first model", "--by", "alice").code).isZero();
    assertThat(run("publish", v2.toString(), "--store", store, "--by", "bob").code).isZero();
    assertThat(run("promote", "cmelt-tiny", "0.3.0", "--to", "canary", "--share", "0.1", "--reason", "AUC +0.02", "--by", "bob").out)
        .contains("canary for 10% of patients");
    assertThat(run("promote", "cmelt-tiny", "0.3.0", "--to", "production", "--reason", "canary clean", "--by", "carol").code).isZero();
    Run rollback = run("rollback", "cmelt-tiny", "--reason", "false AF advisories on ward 3", "--by", "dave");
    Run list = run("list");
    Run show = run("show", "cmelt-tiny");

    assertThat(rollback.out).contains("rolled back to 0.2.0");
    assertThat(list.out).contains("name", "version", "stage", "changed by", "changed at", "reason");
    assertThat(line(list.out, "production")).contains("0.2.0", "dave", "false AF advisories on ward 3");
    assertThat(line(list.out, "canary")).contains("0.3.0", "10%", "bob");
    assertThat(line(list.out, "shadow")).contains("0.3.0");
    assertThat(show.out.lines().filter(l -> l.startsWith("cmelt-tiny ")).count()).as("history rows").isEqualTo(6);
    assertThat(show.out).contains("uri      file:").contains("sha256").contains("metric");

    List<ModelVersion> history = new ModelRegistryLog(broker.bootstrapServers(), EcgTopics.MODELS.name()).history();
    ModelVersion last = history.get(history.size() - 1);
    assertThat(ModelRegistryEvents.key(last)).isEqualTo("cmelt-tiny/production");
    assertThat(last.getVersion()).isEqualTo("0.2.0");
    assertThat(last.getUri()).startsWith(tmp.resolve("store").toUri().toString());
  }

  @Test
  void promotionWithoutReasonUnknownVersionOrCorruptBundleIsRefusedWithAMessage() {
    String store = tmp.resolve("store").toString();
    Path corrupt = BundleCopies.corruptEcgEncoder(BundleCopies.withVersion(tmp.resolve("bad"), "0.9.0"));

    Run noReason = run("promote", "cmelt-tiny", "0.2.0", "--to", "production");
    Run unknown = run("promote", "cmelt-tiny", "7.7.7", "--to", "production", "--reason", "x");
    Run damaged = run("publish", corrupt.toString(), "--store", store);

    assertThat(noReason.code).isEqualTo(2);
    assertThat(noReason.err).contains("--reason");
    assertThat(unknown.code).isEqualTo(1);
    assertThat(unknown.err).contains("no version 7.7.7 of cmelt-tiny");
    assertThat(damaged.code).isEqualTo(1);
    assertThat(damaged.err).contains("sha256 of ecg_encoder.onnx does not match manifest");
  }

  @Test
  void promotionGoesShadowCanaryProductionOneStageAtATimeAndRefusesSkippingOrStaleVersions() {
    // A topic of its own: this registry's history starts empty.
    String topic = "ecg.models.policy";
    TopicProvisioner.ensureTopics(broker.bootstrapServers(),
        List.of(new TopicSpec(topic, 1, EcgTopics.MODELS.configs(), "policy test")));
    String store = tmp.resolve("store").toString();
    Path v1 = BundleCopies.defaultBundle(tmp.resolve("v1"));
    Path v2 = BundleCopies.withVersion(tmp.resolve("v2"), "0.3.0");
    Path v3 = BundleCopies.withVersion(tmp.resolve("v3"), "0.4.0");

    assertThat(run("publish", v1.toString(), "--store", store, "--topic", topic).code).isZero();
    // The first production version may come from shadow: there is no production to take a canary share from.
    assertThat(run("promote", "cmelt-tiny", "0.2.0", "--to", "production", "--reason", "first", "--topic", topic).code)
        .isZero();
    assertThat(run("publish", v2.toString(), "--store", store, "--topic", topic).code).isZero();
    Run skipping = run("promote", "cmelt-tiny", "0.3.0", "--to", "production", "--reason", "x", "--topic", topic);
    assertThat(run("publish", v3.toString(), "--store", store, "--topic", topic).code).isZero();
    Run replaced = run("promote", "cmelt-tiny", "0.3.0", "--to", "canary", "--share", "0.1", "--reason", "x",
        "--topic", topic);
    Run canary = run("promote", "cmelt-tiny", "0.4.0", "--to", "canary", "--share", "0.1", "--reason", "gate passed",
        "--topic", topic, "--by", "erin");
    Run production = run("promote", "cmelt-tiny", "0.4.0", "--to", "production", "--reason", "canary clean",
        "--topic", topic, "--by", "erin");
    Run again = run("promote", "cmelt-tiny", "0.4.0", "--to", "production", "--reason", "x", "--topic", topic);
    Run refusedCandidate = run("promote", "cmelt-tiny", "0.4.1", "--to", "canary", "--share", "0.1", "--reason", "x",
        "--topic", topic);
    Run rollback = run("rollback", "cmelt-tiny", "--reason", "advisories wrong", "--topic", topic);

    assertThat(skipping.code).isEqualTo(1);
    assertThat(skipping.err).contains("cmelt-tiny 0.3.0 is shadow; it cannot go to production",
        "stages are not skipped: promote it --to canary --share 0.1 first");
    assertThat(replaced.code).isEqualTo(1);
    assertThat(replaced.err).contains("0.3.0 is no longer the shadow version (0.4.0 replaced it)");
    assertThat(canary.code).isZero();
    assertThat(production.code).isZero();
    assertThat(production.out).contains("0.4.0 is now production (by erin: canary clean)");
    assertThat(again.code).isEqualTo(1);
    assertThat(again.err).contains("it is in production already");
    assertThat(refusedCandidate.code).isEqualTo(1);
    assertThat(refusedCandidate.err).contains("no version 0.4.1 of cmelt-tiny",
        "a candidate refused by the re-training gate is never published");
    assertThat(rollback.out).contains("rolled back to 0.2.0");
    List<ModelVersion> history = new ModelRegistryLog(broker.bootstrapServers(), topic).history();
    assertThat(history).extracting(v -> v.getVersion() + " " + v.getStage()).containsExactly("0.2.0 shadow",
        "0.2.0 production", "0.3.0 shadow", "0.4.0 shadow", "0.4.0 canary", "0.4.0 production", "0.2.0 production");
  }

  private static String line(String table, String stage) {
    return table.lines().filter(l -> l.split("\\s+").length > 2 && l.split("\\s+")[2].equals(stage)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + stage + " row in\n" + table));
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    String[] full = new String[args.length + 3];
    full[0] = "models";
    System.arraycopy(args, 0, full, 1, args.length);
    full[args.length + 1] = "--bootstrap";
    full[args.length + 2] = broker.bootstrapServers();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EcgCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(full);
    return new Run(code, out.toString(), err.toString());
  }
}
