package org.ecgstream.flink.alarms;

import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.ecgstream.core.bundle.BundleException;
import org.ecgstream.core.bundle.ManifestFile;
import org.ecgstream.core.registry.BundleStore;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.flink.models.ModelRoute;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each model version's labels do in the alarm engine, live: the advisories and evidence the
 * manifest of the version that labelled a window declares ({@link LabelAdvisories}), so a
 * hot-swapped version's declaration takes effect with its first label, without a restart. Used by
 * {@link LabelSmoothing} and {@link ModelEvidence}, which follow the registry's records
 * ({@code ecg.models}) as broadcast state ({@link #VERSIONS}: the latest record per version).
 *
 * <p>The job's first bundle's declaration is read when the job is built (a bad one fails the job at
 * start). A later version's manifest is read from the bundle store when its registry record
 * arrives, ahead of its first label (the switch must load the version before it labels anything),
 * or on its first label after a restart: once per version and subtask, manifest.json alone (a few
 * kilobytes: no ONNX file is read or hashed, so a large bundle never pauses the task; the switch
 * verifies those before the version labels anything), and only if its sha256 is the one the
 * registry published, which pins the declaration read. The job's AF options, when set, replace the
 * AF advisory's threshold and windows of every version.
 *
 * <p>A label of a version whose declaration cannot be had (not declared on the registry stream,
 * bundle missing, replaced or corrupt) never stops the job: it gets the declaration this subtask
 * resolved last, one WARN line per version and reason and operator subtask
 * ({@code model.advisories.unresolved}), and
 * is counted ({@value #FALLBACK_METRIC}). A failed read is retried after a minute, so a store that
 * was briefly unreachable is read again without a read per label meanwhile.
 */
public final class AdvisoryDeclarations implements Serializable {

  /** The registry's latest record of each version (key: version), as the operators' broadcast state. */
  public static final MapStateDescriptor<String, ModelVersion> VERSIONS = new MapStateDescriptor<>(
      "model-version-records-by-version", TypeInformation.of(String.class), TypeInformation.of(ModelVersion.class));

  /** Counter: labels that got a fallback declaration because their version's could not be had. */
  public static final String FALLBACK_METRIC = "labelsOnFallbackAdvisories";

  static final long RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private static final Logger LOG = LoggerFactory.getLogger(AdvisoryDeclarations.class);

  private final String modelName;
  private final String firstVersion;
  private final LabelAdvisories firstDeclared;
  private final String storeDir;
  private final Double afThreshold;
  private final Integer afWindows;

  private transient LabelAdvisories first;
  private transient BundleStore store;
  private transient Map<String, LabelAdvisories> resolved;
  private transient Map<String, Long> failedAtNanos;
  private transient Map<String, String> failures;
  private transient Set<String> warned;
  private transient LabelAdvisories lastKnown;
  private transient String lastKnownVersion;
  private transient Counter fallbacks;

  /**
   * @param modelName the model whose versions the job follows (the first bundle's name)
   * @param firstVersion the first bundle's version
   * @param firstDeclared what the first bundle's manifest declares
   * @param storeDir bundle store directory registry URIs are resolved in (null: the working directory)
   * @param afThreshold the job's AF threshold override, or null to keep each manifest's
   * @param afWindows the job's AF windows override, or null to keep each manifest's
   */
  public AdvisoryDeclarations(String modelName, String firstVersion, LabelAdvisories firstDeclared, String storeDir,
      Double afThreshold, Integer afWindows) {
    this.modelName = modelName;
    this.firstVersion = firstVersion;
    this.firstDeclared = firstDeclared;
    this.storeDir = storeDir;
    this.afThreshold = afThreshold;
    this.afWindows = afWindows;
  }

  /** What the job's first bundle declares, with the job's AF overrides. */
  public LabelAdvisories first() {
    if (first == null) {
      first = firstDeclared.withAtrialFibrillation(afThreshold, afWindows);
    }
    return first;
  }

  /** Call from the operator's {@code open}. */
  public void open(MetricGroup metrics) {
    store = new DirectoryBundleStore(Path.of(storeDir == null ? "." : storeDir));
    resolved = new HashMap<>();
    failedAtNanos = new HashMap<>();
    failures = new HashMap<>();
    warned = new HashSet<>();
    lastKnown = first();
    lastKnownVersion = firstVersion;
    fallbacks = metrics.counter(FALLBACK_METRIC);
  }

  /**
   * Keeps {@code record} (a registry record of any stage) as its version's latest in the broadcast
   * state, and reads its manifest now, off the label path. Records of other models are ignored.
   */
  public void remember(ModelVersion record, BroadcastState<String, ModelVersion> versions) throws Exception {
    if (!modelName.equals(record.getModelName())) {
      return;
    }
    versions.put(record.getVersion(), record);
    // A failure is logged only when a label needs this version: a bundle the switch refuses labels
    // nothing, and the switch already says so (model.refused).
    resolve(record);
  }

  /** The declaration of the version that labelled {@code label}, or the fallback (see the class comment). */
  public LabelAdvisories of(EcgLabel label, ReadOnlyBroadcastState<String, ModelVersion> versions) throws Exception {
    String version = label.getModelVersion();
    boolean ours = modelName.equals(label.getModelName());
    ModelVersion record = ours ? versions.get(version) : null;
    LabelAdvisories declared = record == null ? null : resolve(record);
    if (declared == null && ours && firstVersion.equals(version)) {
      declared = first();
    }
    if (declared != null) {
      lastKnown = declared;
      lastKnownVersion = version;
      return declared;
    }
    fallbacks.inc();
    warnOnce(version, !ours ? "labels of another model than " + modelName
        : record == null ? "version not declared on the registry stream" : failures.get(identity(record)));
    return lastKnown;
  }

  /** Labels that got a fallback declaration on this subtask so far. */
  long labelsOnFallback() {
    return fallbacks.getCount();
  }

  /** {@code record}'s declaration with the job's overrides, or null when it cannot be read now. */
  private LabelAdvisories resolve(ModelVersion record) {
    String id = identity(record);
    LabelAdvisories known = resolved.get(id);
    if (known != null) {
      return known;
    }
    Long failedAt = failedAtNanos.get(id);
    if (failedAt != null && System.nanoTime() - failedAt < RETRY_NANOS) {
      return null;
    }
    try {
      // The manifest alone, on the task thread: the declaration is in it, and the record's sha256
      // pins exactly its bytes. The ONNX files are the switch's to verify, off this thread, before
      // the version labels anything.
      ManifestFile published = store.manifest(URI.create(record.getUri()));
      String notAsPublished = ModelRegistryEvents.notAsPublished(published.dir(), published.manifest(), published.sha256(),
          record);
      if (notAsPublished != null) {
        throw new IllegalArgumentException(notAsPublished);
      }
      LabelAdvisories declared = LabelAdvisories.of(published.manifest()).withAtrialFibrillation(afThreshold, afWindows);
      resolved.put(id, declared);
      failedAtNanos.remove(id);
      LOG.info("model.advisories model={} version={} advisories={} evidence={}", modelName, record.getVersion(),
          declared.advisoryLabels(), declared.evidence().keySet());
      return declared;
    } catch (BundleException | IllegalArgumentException | UncheckedIOException e) {
      failedAtNanos.put(id, System.nanoTime());
      failures.put(id, e.getMessage());
      return null;
    }
  }

  private void warnOnce(String version, String reason) {
    if (warned.add(version + " " + reason)) {
      LOG.warn("model.advisories.unresolved model={} version={} uses={} reason=\"{}\"", modelName, version,
          lastKnownVersion, reason);
    }
  }

  private static String identity(ModelVersion record) {
    return ModelRoute.identity(record.getVersion(), record.getSha256());
  }
}
