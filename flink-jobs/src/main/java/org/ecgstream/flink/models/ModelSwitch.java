package org.ecgstream.flink.models;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.flink.inference.BatchedZeroShotInference;
import org.ecgstream.flink.inference.ModelWindow;
import org.ecgstream.flink.inference.WindowSpec;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.AvroSafety;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which model version labels each window, following the registry ({@code ecg.models}) as
 * a broadcast stream. The broadcast state holds the version the registry declares per stage; each
 * subtask loads a newly declared version on a background thread ({@link ModelLoader}: verify,
 * load, warm up) and swaps it in between two windows once it is ready, so every window is routed to
 * exactly one serving version. A version that does not verify or load is refused (metric
 * {@code modelsRefused}, one WARN line {@code model.refused}) and the current one keeps serving.
 *
 * <p>Production falls back to the last good version, not to the job's first bundle: the broadcast
 * state also keeps the production versions the registry declared before ({@link #PRODUCTION_HISTORY}),
 * and when the declared one is refused a subtask serves the newest earlier one it can load. That
 * matters after a restart, when every subtask starts from the first bundle and must load what the
 * restored state declares; the first bundle is the last resort.
 *
 * <p>Serving: a patient in the canary's share ({@link CanaryShare}) gets the canary, every other
 * patient production. A shadow version additionally labels every window, routed with stage
 * {@code shadow} so its labels go to the shadow output only.
 *
 * <p>Metrics: {@code modelsRefused}, {@code modelsSwapped}, gauge {@code activeModelVersion} per stage.
 */
public class ModelSwitch extends KeyedBroadcastProcessFunction<String, ModelWindow, ModelVersion, RoutedWindow> {

  /** The registry's declared version per stage (key: stage wire name). */
  public static final MapStateDescriptor<String, ModelVersion> DECLARED = new MapStateDescriptor<>(
      "declared-model-version-by-stage", TypeInformation.of(String.class), TypeInformation.of(ModelVersion.class));

  /**
   * Production versions the registry declared, oldest first by key (zero-padded change time, then
   * identity), the newest {@value #HISTORY_KEPT} kept: where production falls back when the declared
   * version is refused.
   */
  public static final MapStateDescriptor<String, ModelVersion> PRODUCTION_HISTORY = new MapStateDescriptor<>(
      "declared-production-history", TypeInformation.of(String.class), TypeInformation.of(ModelVersion.class));

  static final int HISTORY_KEPT = 8;

  private static final Logger LOG = LoggerFactory.getLogger(ModelSwitch.class);
  private static final ModelStage[] SERVED_STAGES = {ModelStage.PRODUCTION, ModelStage.CANARY, ModelStage.SHADOW};
  private static final Totals TOTALS = new Totals();

  /** What {@link #decide} says to do with one stage. */
  enum Action { KEEP, LOAD, RETIRE }

  /** Counts over every switch of this JVM, for tests. */
  public static final class Totals {
    public final AtomicLong refused = new AtomicLong();
    public final AtomicLong swapped = new AtomicLong();
    /** Background loads finished (loaded or refused), before the task thread applies them. */
    public final AtomicLong loadsFinished = new AtomicLong();
  }

  private final ModelConfig model;
  private final WindowSpec spec;
  private final String modelName;

  private transient ModelLoader loader;
  private transient ExecutorService background;
  private transient Queue<LoadOutcome> outcomes;
  private transient Map<ModelStage, LoadedModel> serving;
  private transient Map<ModelStage, String> pending;
  private transient Set<String> versionGauges;

  /** Gauge under the groups stage and version: 1 while that version serves that stage, else 0. */
  public static final String VERSION_ACTIVE_METRIC = org.ecgstream.flink.inference.InferenceMetrics.VERSION_ACTIVE_METRIC;
  private transient Set<String> refused;
  private transient boolean reconciled;
  private transient Counter refusedCounter;
  private transient Counter swappedCounter;

  /**
   * @param model the model config; its bundle directory is the first production version
   * @param spec the windows this job builds; a version with another input spec is refused
   * @param modelName the model whose versions this job follows (the first bundle's name)
   */
  public ModelSwitch(ModelConfig model, WindowSpec spec, String modelName) {
    this.model = model;
    this.spec = spec;
    this.modelName = modelName;
  }

  /** Totals of every switch in this JVM. */
  public static Totals totals() {
    return TOTALS;
  }

  @Override
  public void open(OpenContext openContext) throws Exception {
    AvroSafety.install();
    Path storeRoot = Path.of(model.storeDir() == null ? "." : model.storeDir());
    loader = new ModelLoader(new DirectoryBundleStore(storeRoot), spec.inputSpec(),
        ExecutionDevice.parse(model.device()), model.maxBatchSize(), model.maxWait().toMillis());
    outcomes = new ConcurrentLinkedQueue<>();
    serving = new EnumMap<>(ModelStage.class);
    pending = new EnumMap<>(ModelStage.class);
    refused = new HashSet<>();
    ModelBundle first = BatchedZeroShotInference.openBundle(Path.of(model.bundleDir()));
    serving.put(ModelStage.PRODUCTION, loader.loadInitial(first));
    background = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "model-loader-" + modelName + "-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
      t.setDaemon(true);
      return t;
    });
    MetricGroup metrics = getRuntimeContext().getMetricGroup();
    refusedCounter = metrics.counter("modelsRefused");
    swappedCounter = metrics.counter("modelsSwapped");
    versionGauges = new HashSet<>();
    for (ModelStage stage : SERVED_STAGES) {
      metrics.addGroup("stage", stage.wireName()).gauge("activeModelVersion", (Gauge<String>) () -> activeVersion(stage));
    }
    versionServed(ModelStage.PRODUCTION);
  }

  @Override
  public void processElement(ModelWindow window, ReadOnlyContext ctx, Collector<RoutedWindow> out) throws Exception {
    // The broadcast state is read only when there is something to reconcile, not for every window.
    if (!reconciled || !outcomes.isEmpty()) {
      Map<ModelStage, ModelVersion> declared = read(ctx.getBroadcastState(DECLARED));
      List<ModelVersion> history = history(ctx.getBroadcastState(PRODUCTION_HISTORY));
      if (!reconciled) {
        // After a restore the broadcast state names versions this new subtask has not loaded yet.
        reconcile(targets(declared, history, refused));
        reconciled = true;
      }
      if (!outcomes.isEmpty() && applyOutcomes(targets(declared, history, refused))) {
        // A refusal may move production's target to an earlier version.
        reconcile(targets(declared, history, refused));
      }
    }
    LoadedModel canary = serving.get(ModelStage.CANARY);
    out.collect(new RoutedWindow(window, servingRoute(window.patientId, serving.get(ModelStage.PRODUCTION).route(),
        canary == null ? null : canary.route())));
    LoadedModel shadow = serving.get(ModelStage.SHADOW);
    if (shadow != null) {
      out.collect(new RoutedWindow(window, shadow.route()));
    }
  }

  @Override
  public void processBroadcastElement(ModelVersion record, Context ctx, Collector<RoutedWindow> out) throws Exception {
    BroadcastState<String, ModelVersion> state = ctx.getBroadcastState(DECLARED);
    Map<ModelStage, ModelVersion> before = read(state);
    Map<ModelStage, ModelVersion> after = afterRecord(before, record, modelName);
    for (ModelStage stage : SERVED_STAGES) {
      ModelVersion v = after.get(stage);
      if (v == null) {
        state.remove(stage.wireName());
      } else if (!v.equals(before.get(stage))) {
        state.put(stage.wireName(), v);
      }
    }
    BroadcastState<String, ModelVersion> historyState = ctx.getBroadcastState(PRODUCTION_HISTORY);
    ModelVersion production = after.get(ModelStage.PRODUCTION);
    if (production != null && !production.equals(before.get(ModelStage.PRODUCTION))) {
      remember(historyState, production);
    }
    List<ModelVersion> history = history(historyState);
    applyOutcomes(targets(after, history, refused));
    reconcile(targets(after, history, refused));
    reconciled = true;
  }

  /** Adds {@code production} to the history, dropping the oldest beyond {@value #HISTORY_KEPT}. */
  private static void remember(BroadcastState<String, ModelVersion> history, ModelVersion production) throws Exception {
    history.put(historyKey(production), production);
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, ModelVersion> e : history.immutableEntries()) {
      keys.add(e.getKey());
    }
    keys.sort(Comparator.naturalOrder());
    for (int i = 0; i < keys.size() - HISTORY_KEPT; i++) {
      history.remove(keys.get(i));
    }
  }

  static String historyKey(ModelVersion v) {
    return String.format(Locale.ROOT, "%019d %s", Math.max(0, v.getChangedAtMillis()),
        ModelRoute.identity(v.getVersion(), v.getSha256()));
  }

  /** The history, newest first. */
  private static List<ModelVersion> history(ReadOnlyBroadcastState<String, ModelVersion> state) throws Exception {
    List<Map.Entry<String, ModelVersion>> entries = new ArrayList<>();
    for (Map.Entry<String, ModelVersion> e : state.immutableEntries()) {
      entries.add(Map.entry(e.getKey(), e.getValue()));
    }
    entries.sort(Map.Entry.<String, ModelVersion>comparingByKey().reversed());
    return entries.stream().map(Map.Entry::getValue).toList();
  }

  /**
   * What each stage should serve here: the declaration, except that a production version this
   * subtask refused gives way to the newest earlier declared production it has not refused (none
   * left: the declared one, which then keeps whatever serves, in the end the job's first bundle).
   */
  static Map<ModelStage, ModelVersion> targets(Map<ModelStage, ModelVersion> declared,
      List<ModelVersion> productionHistoryNewestFirst, Set<String> refusedIds) {
    Map<ModelStage, ModelVersion> targets = new EnumMap<>(ModelStage.class);
    targets.putAll(declared);
    ModelVersion production = declared.get(ModelStage.PRODUCTION);
    if (production != null && refusedIds.contains(ModelRoute.identity(production.getVersion(), production.getSha256()))) {
      for (ModelVersion earlier : productionHistoryNewestFirst) {
        if (!refusedIds.contains(ModelRoute.identity(earlier.getVersion(), earlier.getSha256()))) {
          targets.put(ModelStage.PRODUCTION, earlier);
          break;
        }
      }
    }
    return targets;
  }

  /**
   * The registry's declaration per stage after {@code record}: records of other models change
   * nothing; a production version ends any shadow or canary run of the same version; an archived
   * version leaves shadow and canary (production is only ever replaced, never emptied).
   */
  static Map<ModelStage, ModelVersion> afterRecord(Map<ModelStage, ModelVersion> declared, ModelVersion record,
      String modelName) {
    Map<ModelStage, ModelVersion> next = new EnumMap<>(ModelStage.class);
    next.putAll(declared);
    if (!modelName.equals(record.getModelName())) {
      return next;
    }
    ModelStage stage;
    try {
      stage = ModelStage.parse(record.getStage());
    } catch (IllegalArgumentException e) {
      LOG.warn("model.record.ignored model={} version={} reason=\"{}\"", record.getModelName(), record.getVersion(),
          e.getMessage());
      return next;
    }
    if (stage == ModelStage.PRODUCTION || stage == ModelStage.ARCHIVED) {
      for (ModelStage trial : new ModelStage[] {ModelStage.SHADOW, ModelStage.CANARY}) {
        ModelVersion v = next.get(trial);
        if (v != null && v.getVersion().equals(record.getVersion())) {
          next.remove(trial);
        }
      }
    }
    if (stage != ModelStage.ARCHIVED) {
      next.put(stage, record);
    }
    return next;
  }

  /**
   * What a subtask does with {@code stage}: load the declared version unless it already serves,
   * loads or refused that exact bundle; retire a shadow or canary no longer declared; production
   * without a declaration keeps serving the job's first bundle.
   */
  static Action decide(ModelStage stage, ModelVersion declared, ModelRoute serving, String pendingId,
      Set<String> refusedIds) {
    if (declared == null) {
      return stage != ModelStage.PRODUCTION && serving != null ? Action.RETIRE : Action.KEEP;
    }
    String wanted = ModelRoute.identity(declared.getVersion(), declared.getSha256());
    boolean sameShare = serving == null || stage != ModelStage.CANARY
        || serving.canaryShare == (declared.getCanaryShare() == null ? 0 : declared.getCanaryShare());
    if (serving != null && wanted.equals(serving.id()) && sameShare) {
      return Action.KEEP;
    }
    if (wanted.equals(pendingId) || refusedIds.contains(wanted)) {
      return Action.KEEP;
    }
    return Action.LOAD;
  }

  /** The serving route of a patient: the canary for patients in its share, production for the rest. */
  static ModelRoute servingRoute(String patientId, ModelRoute production, ModelRoute canary) {
    return canary != null && CanaryShare.includes(patientId, canary.canaryShare) ? canary : production;
  }

  private void reconcile(Map<ModelStage, ModelVersion> declared) {
    for (ModelStage stage : SERVED_STAGES) {
      ModelVersion wanted = declared.get(stage);
      LoadedModel current = serving.get(stage);
      switch (decide(stage, wanted, current == null ? null : current.route(), pending.get(stage), refused)) {
        case LOAD -> {
          pending.put(stage, ModelRoute.identity(wanted.getVersion(), wanted.getSha256()));
          LOG.info("model.loading model={} version={} stage={} uri={}", modelName, wanted.getVersion(),
              stage.wireName(), wanted.getUri());
          background.execute(() -> {
            outcomes.add(loader.load(stage, wanted));
            TOTALS.loadsFinished.incrementAndGet();
          });
        }
        case RETIRE -> {
          LoadedModel retired = serving.remove(stage);
          LOG.info("model.retired model={} version={} stage={}", modelName, retired.route().version, stage.wireName());
          retired.release();
        }
        case KEEP -> { }
      }
    }
  }

  /** Swaps in what finished loading and is still a target; counts and logs refusals; true when one was refused. */
  private boolean applyOutcomes(Map<ModelStage, ModelVersion> declared) {
    boolean anyRefused = false;
    LoadOutcome outcome;
    while ((outcome = outcomes.poll()) != null) {
      ModelStage stage = outcome.stage();
      if (outcome.id().equals(pending.get(stage))) {
        pending.remove(stage);
      }
      if (outcome.isRefused()) {
        anyRefused = true;
        refused.add(outcome.id());
        refusedCounter.inc();
        TOTALS.refused.incrementAndGet();
        if (!outcome.repeated()) {
          LoadedModel current = serving.get(stage);
          LOG.warn("model.refused model={} version={} stage={} keeps={} reason=\"{}\"", modelName,
              outcome.version().getVersion(), stage.wireName(), current == null ? "none" : current.route().version,
              outcome.refusal());
        }
        continue;
      }
      ModelVersion wanted = declared.get(stage);
      boolean stillWanted = wanted != null
          && ModelRoute.identity(wanted.getVersion(), wanted.getSha256()).equals(outcome.id());
      if (!stillWanted) {
        outcome.loaded().release();
        continue;
      }
      LoadedModel previous = serving.put(stage, outcome.loaded());
      versionServed(stage);
      swappedCounter.inc();
      TOTALS.swapped.incrementAndGet();
      LOG.info("model.swapped model={} stage={} from={} to={}", modelName, stage.wireName(),
          previous == null ? "none" : previous.route().version, outcome.loaded().route().version);
      if (previous != null) {
        // Windows already routed to it hold their own reference in the inference operator.
        previous.release();
      }
    }
    return anyRefused;
  }

  /**
   * Metric reporters that take numbers only (Prometheus) drop the string gauge activeModelVersion;
   * so each version a stage has served also gets {@value #VERSION_ACTIVE_METRIC} under the groups
   * stage and version: 1 while it is the stage's version, 0 after. Registered once per (stage,
   * version): Flink cannot unregister a metric, and a job serves few versions.
   */
  private void versionServed(ModelStage stage) {
    String version = activeVersion(stage);
    if (versionGauges.add(stage.wireName() + " " + version)) {
      getRuntimeContext().getMetricGroup().addGroup("stage", stage.wireName()).addGroup("version", version)
          .gauge(VERSION_ACTIVE_METRIC, (Gauge<Integer>) () -> version.equals(activeVersion(stage)) ? 1 : 0);
    }
  }

  private String activeVersion(ModelStage stage) {
    Map<ModelStage, LoadedModel> now = serving;
    LoadedModel m = now == null ? null : now.get(stage);
    return m == null ? "none" : m.route().version;
  }

  private static Map<ModelStage, ModelVersion> read(ReadOnlyBroadcastState<String, ModelVersion> state)
      throws Exception {
    Map<ModelStage, ModelVersion> declared = new EnumMap<>(ModelStage.class);
    for (Map.Entry<String, ModelVersion> e : state.immutableEntries()) {
      declared.put(ModelStage.parse(e.getKey()), e.getValue());
    }
    return declared;
  }

  @Override
  public void close() throws Exception {
    if (background != null) {
      background.shutdownNow();
      // A load still running would otherwise leave its batcher open after we drain.
      background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (serving != null) {
      new HashMap<>(serving).values().forEach(LoadedModel::release);
      serving.clear();
    }
    if (outcomes != null) {
      LoadOutcome left;
      while ((left = outcomes.poll()) != null) {
        if (left.loaded() != null) {
          left.loaded().release();
        }
      }
    }
  }
}
