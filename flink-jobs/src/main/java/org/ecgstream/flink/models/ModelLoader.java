package org.ecgstream.flink.models;

import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.inference.ExecutionDevice;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.registry.BundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.flink.inference.InferenceBatcher;
import org.ecgstream.schemas.ModelVersion;

/**
 * Turns a declared model version into a served one, off the hot path: resolves its URI in the
 * bundle store, verifies every checksum and that the manifest is the one the registry published,
 * checks that the job's windows fit its input spec, opens the JVM's {@link InferenceBatcher} for it
 * and runs one warm-up window through it. Any failure is a refusal with a reason, never an exception.
 *
 * <p>Refusals are remembered per JVM by URI and bundle identity ({@code version@sha256}): versions
 * in a store are immutable, so other subtasks refuse the same record without verifying again and
 * only the first one logs it. A fixed bundle is published as a new version.
 */
final class ModelLoader {

  private static final Map<String, String> REFUSED_IN_JVM = new ConcurrentHashMap<>();
  private static final long WARM_UP_SECONDS = 60;

  private final BundleStore store;
  private final InputSpec windows;
  private final ExecutionDevice device;
  private final int maxBatchSize;
  private final long maxWaitMillis;

  ModelLoader(BundleStore store, InputSpec windows, ExecutionDevice device, int maxBatchSize,
      long maxWaitMillis) {
    this.store = store;
    this.windows = windows;
    this.device = device;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitMillis = maxWaitMillis;
  }

  private static String refusalKey(ModelVersion version) {
    return version.getUri() + " " + ModelRoute.identity(version.getVersion(), version.getSha256());
  }

  /** Verifies, loads and warms up {@code version} for {@code stage}; blocking, so call it on a background thread. */
  LoadOutcome load(ModelStage stage, ModelVersion version) {
    String known = REFUSED_IN_JVM.get(refusalKey(version));
    if (known != null) {
      return new LoadOutcome(stage, version, null, known, true);
    }
    ModelBundle bundle;
    try {
      bundle = store.resolve(URI.create(version.getUri()));
    } catch (BundleException | IllegalArgumentException e) {
      return remember(stage, version, e.getMessage());
    }
    String problem = mismatch(bundle, version);
    if (problem != null) {
      return remember(stage, version, problem);
    }
    try {
      return LoadOutcome.loaded(stage, version, open(bundle, route(bundle, version, stage)));
    } catch (Exception | LinkageError e) {
      // Not remembered: a session that failed to open (memory, device) may open on the next try.
      return LoadOutcome.refused(stage, version, "cannot load " + bundle + ": " + e);
    }
  }

  /** Opens the job's first production model from a directory; throws, because the job cannot start without it. */
  LoadedModel loadInitial(ModelBundle bundle) throws Exception {
    ModelRoute route = new ModelRoute(bundle.manifest().name(), bundle.manifest().version(),
        ModelRegistryEvents.manifestSha256(bundle), ModelStage.PRODUCTION.wireName(), bundle.dir().toString(), 0);
    return open(bundle, route);
  }

  private LoadedModel open(ModelBundle bundle, ModelRoute route) throws Exception {
    InferenceBatcher batcher = InferenceBatcher.acquire(bundle, device, maxBatchSize, maxWaitMillis);
    try {
      int leads = bundle.inputSpec().leads().size();
      float[] mask = new float[leads];
      Arrays.fill(mask, 1f);
      batcher.submit(new float[leads * bundle.inputSpec().windowSamples()], mask).get(WARM_UP_SECONDS, TimeUnit.SECONDS);
      return new LoadedModel(route, batcher);
    } catch (Exception e) {
      batcher.release();
      throw e;
    }
  }

  private String mismatch(ModelBundle bundle, ModelVersion version) {
    // version is a record of this job's model (ModelSwitch passes no other), so "as published" includes the name.
    String notAsPublished = ModelRegistryEvents.notAsPublished(bundle.dir(), bundle.manifest(),
        ModelRegistryEvents.manifestSha256(bundle), version);
    if (notAsPublished != null) {
      return notAsPublished;
    }
    if (!bundle.inputSpec().equals(windows)) {
      return "bundle " + bundle.dir() + ": input spec " + bundle.inputSpec() + " differs from the windows this job"
          + " builds (" + windows + "); restart the job with the new bundle as --model-dir instead";
    }
    return null;
  }

  private static ModelRoute route(ModelBundle bundle, ModelVersion version, ModelStage stage) {
    double share = stage == ModelStage.CANARY && version.getCanaryShare() != null ? version.getCanaryShare() : 0;
    return new ModelRoute(bundle.manifest().name(), bundle.manifest().version(), version.getSha256(), stage.wireName(),
        bundle.dir().toString(), share);
  }

  private static LoadOutcome remember(ModelStage stage, ModelVersion version, String reason) {
    String earlier = REFUSED_IN_JVM.putIfAbsent(refusalKey(version), reason);
    return new LoadOutcome(stage, version, null, reason, earlier != null);
  }
}
