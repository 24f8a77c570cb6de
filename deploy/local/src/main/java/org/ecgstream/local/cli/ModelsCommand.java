package org.ecgstream.local.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.local.broker.TopicProvisioner;
import org.ecgstream.local.registry.ModelRegistryLog;
import org.ecgstream.local.registry.ModelRegistryView;
import org.ecgstream.local.registry.ModelVersionTable;
import org.ecgstream.local.registry.PromotionPolicy;
import org.ecgstream.schemas.ModelVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./ecg models}: the model registry, bundles in a store and stages on the compacted ecg.models topic. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    header = "List, show, publish, promote and roll back model versions.",
    description = {
      "Bundles live in a store directory (--store, NAME/VERSION/ under it); which version is in which",
      "stage (shadow, canary, production, archived) is the compacted topic ecg.models, keyed NAME/STAGE.",
      "A job started with --models-topic follows it and swaps versions without a restart.",
      "Every promotion and rollback records who (--by), when and why (--reason)."
    },
    subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Show.class, ModelsCommand.Publish.class,
        ModelsCommand.Promote.class, ModelsCommand.Rollback.class})
final class ModelsCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Options every models subcommand takes. */
  static final class RegistryOptions {
    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers, HOST:PORT.")
    String bootstrap;

    @Option(names = "--store", defaultValue = "model-store",
        description = "Bundle store directory (default: ${DEFAULT-VALUE}).")
    Path store;

    @Option(names = "--topic", defaultValue = "ecg.models", description = "Registry topic (default: ${DEFAULT-VALUE}).")
    String topic;

    ModelRegistryLog log() {
      return new ModelRegistryLog(bootstrap, topic);
    }

    /** The log, with the topic created (compacted) when a write is its first use. */
    ModelRegistryLog logForWriting() {
      if (topic.equals(EcgTopics.MODELS.name())) {
        TopicProvisioner.ensureTopics(bootstrap, List.of(EcgTopics.MODELS));
      }
      return log();
    }
  }

  /** A subcommand that reports a refused request as one line on stderr and exit code 1. */
  abstract static class RegistryCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin RegistryOptions registry;

    @Override
    public Integer call() throws Exception {
      try {
        run(spec.commandLine().getOut());
        return 0;
      } catch (IllegalArgumentException | IllegalStateException | BundleException e) {
        spec.commandLine().getErr().println("models " + spec.name() + ": " + e.getMessage());
        spec.commandLine().getErr().flush();
        return 1;
      }
    }

    abstract void run(PrintWriter out) throws Exception;
  }

  /** Options of the subcommands that change a stage. */
  static final class ChangeOptions {
    @Option(names = "--by", description = "Who makes the change (default: the OS user).")
    String by = System.getProperty("user.name");
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      header = "The current version of every model in every stage.")
  static final class ListVersions extends RegistryCommand {
    @Override
    void run(PrintWriter out) {
      ModelVersionTable.print(new ModelRegistryView(registry.log().history()).current(), out);
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      header = "Every stage change of one model, then each version's bundle URI, hash and metrics.")
  static final class Show extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Model name, e.g. cmelt-tiny.")
    String name;

    @Override
    void run(PrintWriter out) {
      List<ModelVersion> history = new ModelRegistryView(registry.log().history()).historyOf(name);
      if (history.isEmpty()) {
        throw new IllegalArgumentException("no model named " + name + " on " + registry.topic
            + " (./ecg models list shows the names)");
      }
      ModelVersionTable.print(history, out);
      ModelVersionTable.printBundles(history, out);
    }
  }

  @Command(name = "publish", mixinStandardHelpOptions = true,
      header = "Verify a bundle, copy it into the store and register it (stage shadow unless --stage).")
  static final class Publish extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "Bundle directory (manifest.json, encoders, ...).")
    Path dir;

    @Option(names = "--stage", defaultValue = "shadow",
        description = "Stage to publish in: shadow, canary or production (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--share", description = "Share of patients when --stage canary, 0 < share <= 1.")
    Double share;

    @Option(names = "--reason", description = "Why (required unless the stage is shadow).")
    String reason;

    @Mixin ChangeOptions change;

    @Override
    void run(PrintWriter out) throws Exception {
      ModelStage target = ModelStage.parse(stage);
      DirectoryBundleStore store = new DirectoryBundleStore(registry.store);
      URI uri = store.put(dir);
      ModelBundle stored = store.resolve(uri);
      Instant now = Instant.now();
      ModelVersion record = ModelRegistryEvents.published(stored, uri, change.by, now, reason);
      if (target != ModelStage.SHADOW) {
        record = ModelRegistryEvents.staged(record, target, share, change.by, now, reason);
      }
      registry.logForWriting().append(record);
      out.printf("published %s %s as %s: %s%n", record.getModelName(), record.getVersion(), record.getStage(), uri);
      out.flush();
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      header = "Move a registered version one stage on: shadow -> canary (with --share) -> production.",
      description = {"Stages are not skipped (a model's first production version may come straight from shadow);",
          "a canary may be re-shared or taken back to shadow; any version may be archived."})
  static final class Promote extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    @Parameters(index = "1", paramLabel = "VERSION", description = "Version to promote, e.g. 0.2.0.")
    String version;

    @Option(names = "--to", required = true, description = "Target stage: canary (from shadow), production (from canary), shadow (from canary) or archived.")
    String to;

    @Option(names = "--share", description = "Share of patients for a canary, 0 < share <= 1.")
    Double share;

    @Option(names = "--reason", required = true, description = "Why, recorded with the change.")
    String reason;

    @Mixin ChangeOptions change;

    @Override
    void run(PrintWriter out) {
      ModelRegistryLog log = registry.logForWriting();
      ModelStage target = ModelStage.parse(to);
      ModelVersion known = PromotionPolicy.check(new ModelRegistryView(log.history()), name, version, target);
      ModelVersion record = ModelRegistryEvents.staged(known, target, share, change.by, Instant.now(), reason);
      log.append(record);
      out.printf("%s %s is now %s%s (by %s: %s)%n", name, version, record.getStage(),
          record.getCanaryShare() == null ? "" : String.format(" for %.0f%% of patients", record.getCanaryShare() * 100),
          record.getChangedBy(), record.getReason());
      out.flush();
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      header = "Put the previous production version back in production.")
  static final class Rollback extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Model name.")
    String name;

    @Option(names = "--reason", required = true, description = "Why, recorded with the change.")
    String reason;

    @Mixin ChangeOptions change;

    @Override
    void run(PrintWriter out) {
      ModelRegistryLog log = registry.logForWriting();
      ModelVersion previous = new ModelRegistryView(log.history()).previousProduction(name);
      ModelVersion record = ModelRegistryEvents.staged(previous, ModelStage.PRODUCTION, null, change.by, Instant.now(),
          reason);
      log.append(record);
      out.printf("%s rolled back to %s in production (by %s: %s)%n", name, record.getVersion(), record.getChangedBy(),
          record.getReason());
      out.flush();
    }
  }
}
