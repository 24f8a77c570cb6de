package org.ecgstream.local.retrain;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.local.registry.ModelRegistryLog;
import org.ecgstream.local.registry.ModelRegistryView;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.trainer.retrain.RetrainOptions;
import org.ecgstream.trainer.retrain.Retraining;
import org.ecgstream.trainer.train.CorpusBuilder;

/**
 * One re-training cycle against the registry: find the parent version (a version, or whatever is
 * in production now) and its weights, re-train ({@link Retraining}), and when the gate passes put
 * the candidate into the store, keep its weights beside it ({@code STORE/NAME/VERSION.weights/},
 * so it can be re-trained from in turn) and register it as {@code shadow}. A refused candidate is
 * neither stored nor registered; its bundle stays in the work folder for inspection.
 */
public final class RetrainCycle {

  /** What --from takes to mean "the version in production now". */
  public static final String PRODUCTION = "production";
  /** Suffix of the weights folder kept beside a stored bundle. */
  public static final String WEIGHTS_SUFFIX = ".weights";

  private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /**
   * How a cycle is set up.
   *
   * @param modelName the model re-trained
   * @param from a version, or {@link #PRODUCTION}
   * @param weights the parent's weights; null: {@code STORE/NAME/VERSION.weights}, then {@code fallbackWeights}
   * @param fallbackWeights weights of the default bundle (models/NAME-weights beside ./ecg), may be null
   * @param candidateVersion fixed candidate version; null: the next free patch of the parent's
   * @param workRoot folder for each run's work folder
   * @param by who publishes (recorded on the registry)
   * @param options the re-training settings; version and commit are filled per run
   */
  public record Settings(String modelName, String from, Path weights, Path fallbackWeights, String candidateVersion,
      Path workRoot, String by, Function<String, RetrainOptions> options) {}

  /** The cycle's result, for the exit code and the daemon's status line. */
  public record Result(boolean published, String parentVersion, String candidateVersion, String explanation,
      Path workDir) {}

  private final Settings settings;
  private final ModelRegistryLog registry;
  private final DirectoryBundleStore store;
  private final CorpusBuilder.PairSimulator simulator;
  private final PrintStream out;

  public RetrainCycle(Settings settings, ModelRegistryLog registry, DirectoryBundleStore store,
      CorpusBuilder.PairSimulator simulator, PrintStream out) {
    this.settings = settings;
    this.registry = registry;
    this.store = store;
    this.simulator = simulator;
    this.out = out;
  }

  /**
   * Runs one cycle.
   *
   * @throws IllegalArgumentException when the parent, its bundle or its weights cannot be found,
   *     with what to do
   */
  public Result run() throws IOException, BundleException {
    ModelRegistryView view = new ModelRegistryView(registry.history());
    ModelVersion parent = parent(view);
    ModelBundle parentBundle = store.resolve(URI.create(parent.getUri()));
    String sha = ModelRegistryEvents.manifestSha256(parentBundle);
    if (!sha.equals(parent.getSha256())) {
      throw new IllegalArgumentException("the stored bundle of " + parent.getModelName() + " " + parent.getVersion()
          + " (" + parent.getUri() + ") is not the one registered (manifest sha256 " + sha + " vs " + parent.getSha256() + ")");
    }
    Path weights = weightsOf(parent);
    List<String> taken = new ArrayList<>(view.historyOf(settings.modelName()).stream().map(ModelVersion::getVersion).toList());
    taken.addAll(storedVersions());
    String version = settings.candidateVersion() != null ? settings.candidateVersion()
        : CandidateVersions.next(parent.getVersion(), taken);
    if (taken.contains(version)) {
      throw new IllegalArgumentException("version " + version + " of " + settings.modelName()
          + " is already taken (versions are immutable; leave out --model-version to get the next free one)");
    }
    Path workDir = settings.workRoot().resolve(version + "-" + RUN_ID.format(Instant.now()));
    out.printf("retrain: %s %s (%s) -> candidate %s, work folder %s%n", parent.getModelName(), parent.getVersion(),
        parent.getStage(), version, workDir);
    Retraining.Outcome outcome = new Retraining(settings.options().apply(version), simulator, out)
        .run(parentBundle, weights, workDir);
    if (!outcome.passed()) {
      return new Result(false, parent.getVersion(), version, outcome.decision().explanation(), workDir);
    }
    URI uri = store.put(outcome.candidateBundle());
    Retraining.keepWeights(workDir, store.root().resolve(settings.modelName()).resolve(version + WEIGHTS_SUFFIX));
    ModelVersion record = ModelRegistryEvents.published(store.resolve(uri), uri, settings.by(), Instant.now(),
        "re-trained from " + parent.getVersion() + " on archive snapshot "
            + outcome.snapshot().sha256().substring(0, 12) + "; gate " + outcome.decision().explanation());
    registry.append(record);
    out.printf("retrain: published %s %s as %s: %s%n", record.getModelName(), record.getVersion(), record.getStage(), uri);
    return new Result(true, parent.getVersion(), version, "passed", workDir);
  }

  private ModelVersion parent(ModelRegistryView view) {
    String name = settings.modelName();
    if (PRODUCTION.equals(settings.from())) {
      return view.current().stream()
          .filter(v -> v.getModelName().equals(name) && ModelStage.parse(v.getStage()) == ModelStage.PRODUCTION)
          .findFirst().orElseThrow(() -> new IllegalArgumentException("model " + name + " has no production version"
              + " on the registry (publish one: ./ecg models publish models/" + name + " --stage production --reason ...)"));
    }
    return view.latest(name, settings.from()).orElseThrow(() -> new IllegalArgumentException("no version "
        + settings.from() + " of " + name + " on the registry (./ecg models show " + name + " lists its versions;"
        + " the default bundle is published with ./ecg models publish models/" + name + " --stage production --reason ...)"));
  }

  private Path weightsOf(ModelVersion parent) {
    if (settings.weights() != null) {
      return settings.weights();
    }
    Path stored = store.root().resolve(parent.getModelName()).resolve(parent.getVersion() + WEIGHTS_SUFFIX);
    if (Files.isDirectory(stored)) {
      return stored;
    }
    return Optional.ofNullable(settings.fallbackWeights()).filter(Files::isDirectory).orElseThrow(() ->
        new IllegalArgumentException("no training weights for " + parent.getModelName() + " " + parent.getVersion()
            + ": neither " + stored + " nor " + settings.fallbackWeights() + " (pass --weights DIR; a bundle holds"
            + " ONNX graphs only, re-training needs the weights it was exported from)"));
  }

  private List<String> storedVersions() throws IOException {
    Path dir = store.root().resolve(settings.modelName());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
          .map(n -> n.endsWith(WEIGHTS_SUFFIX) ? n.substring(0, n.length() - WEIGHTS_SUFFIX.length()) : n).toList();
    }
  }
}
