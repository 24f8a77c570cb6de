package org.ecgstream.ingest.topology;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.binding.AdmissionChanges;
import org.ecgstream.ingest.binding.AdmissionRecorder;
import org.ecgstream.ingest.binding.BindingHistory;
import org.ecgstream.ingest.binding.DeviceBinder;
import org.ecgstream.ingest.frame.ReceivedFrameSerde;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.ingest.normalise.CanonicalFrameEncoder;
import org.ecgstream.ingest.normalise.FrameNormaliser;
import org.ecgstream.ingest.ordering.DeviceCursor;
import org.ecgstream.ingest.ordering.FrameSequencer;
import org.ecgstream.ingest.ordering.SeenFrame;
import org.ecgstream.ingest.validation.FrameValidator;
import org.ecgstream.schemas.serde.AvroSingleObjectSerde;
import org.ecgstream.schemas.serde.EcgSerdes;

/**
 * The ingest data flow, keyed by device until binding:
 *
 * <pre>
 * ecg.raw -> intake (decode, validate) -> sequencer (de-duplicate, reorder, gaps)
 *         -> binder (patient at device time, hold unbound) -> normaliser -> ecg.frames (by patient)
 * every stage's refusals -> ecg.dlq (by device)
 * </pre>
 */
public final class IngestTopology {

  /** Global store of each device's admissions ({@link BindingHistory}), fed by {@link AdmissionRecorder}. */
  public static final String ADMISSIONS_STORE = "admission-history-by-device";
  public static final String CURSOR_STORE = "ingest-device-cursors";
  public static final String REORDER_STORE = "ingest-reorder-buffer";
  /** Named "slots" since it keeps one entry per slot of the window ("ingest-seen-frames", one per frame, is no longer read). */
  public static final String SEEN_STORE = "ingest-seen-slots";
  public static final String UNBOUND_STORE = "ingest-unbound-held";
  /** The sink node of ecg.dlq, fed by every stage's {@link OutcomeRouter}. */
  private static final String DEAD_LETTERS = "dead-letters";

  private IngestTopology() {}

  public static Topology build(IngestConfig config, IngestMetrics metrics) {
    var topics = config.topics();
    FrameValidator validator = new FrameValidator(config);
    FrameNormaliser normaliser = new FrameNormaliser(config.flatLineMaxMicrovolts(), config.maxClockDriftMillis());
    new CanonicalFrameEncoder(); // loads it now: it checks the EcgFrame schema's layout, failing start-up if it changed
    // The Processor API, not the DSL: each stage's outcome is routed by one node (OutcomeRouter),
    // where the DSL's filters and mappings took four per stage, each visited for every frame.
    Topology topology = new Topology();
    AdmissionChanges admissionChanges = new AdmissionChanges();
    // A global store, not a table of the latest admission: the recorder sees every admission, and
    // the topic itself is the store's changelog (global stores are restored through the recorder).
    topology.addGlobalStore(globalStore(ADMISSIONS_STORE, new BindingHistory.StoreSerde(), config), "admissions",
        new StringDeserializer(), kafkaSerde(EcgSerdes.admissions()).deserializer(), topics.admissions(),
        "admission-recorder", () -> new AdmissionRecorder(ADMISSIONS_STORE, admissionChanges));

    topology.addSource("raw", new StringDeserializer(), new ByteArrayDeserializer(), topics.raw());
    topology.addProcessor("intake", () -> new FrameIntake(validator, metrics), "raw");
    topology.addProcessor("intake-outcome", () -> new OutcomeRouter("sequencer", DEAD_LETTERS), "intake");
    topology.addProcessor("sequencer",
        () -> new FrameSequencer(CURSOR_STORE, REORDER_STORE, SEEN_STORE, config, metrics), "intake-outcome");
    topology.addProcessor("sequencer-outcome", () -> new OutcomeRouter("binder", DEAD_LETTERS), "sequencer");
    topology.addProcessor("binder", () -> new DeviceBinder(ADMISSIONS_STORE, UNBOUND_STORE, config, metrics, admissionChanges),
        "sequencer-outcome");
    topology.addProcessor("binder-outcome", () -> new OutcomeRouter("normaliser", DEAD_LETTERS), "binder");
    topology.addProcessor("normaliser", () -> new CanonicalFrames(normaliser, metrics), "binder-outcome");
    // The normaliser writes the frames' bytes itself (CanonicalFrameEncoder, Avro's encoding).
    topology.addSink("frames", topics.frames(), new StringSerializer(), new ByteArraySerializer(), "normaliser");
    topology.addSink(DEAD_LETTERS, topics.deadLetters(), new StringSerializer(),
        kafkaSerde(EcgSerdes.rejectedRecords()).serializer(), "intake-outcome", "sequencer-outcome", "binder-outcome");

    topology.addStateStore(store(CURSOR_STORE, new DeviceCursor.StoreSerde(), config).withCachingEnabled(), "sequencer");
    topology.addStateStore(store(REORDER_STORE, new ReceivedFrameSerde(), config).withCachingEnabled(), "sequencer");
    // In memory whatever ingest.state.store says (changelogged and restored like the others): it is
    // written with every frame, and RocksDB's put was a tenth of the stream threads' CPU in bench
    // ingest, while its size is fixed by the window, about 40 bytes of data a slot (240 slots, some
    // 36 KB with the map's overhead, per device sending 250 ms frames). Not cached: each slot is
    // written once per window and read only for a frame that may be a duplicate, so a cache saves
    // no write and costs its own sorted map.
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SEEN_STORE), Serdes.String(),
        new SeenFrame.StoreSerde()), "sequencer");
    topology.addStateStore(store(UNBOUND_STORE, new ReceivedFrameSerde(), config).withCachingEnabled(), "binder");
    return topology;
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> valueSerde, IngestConfig config) {
    // Logged (changelog topic) by default: state survives a task moving to another instance.
    // Cached where a key is written again and again (a device's cursor with every frame, a held
    // frame put and deleted soon after): the cache writes it to the changelog once per commit.
    return Stores.keyValueStoreBuilder(
        config.inMemoryState() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name),
        Serdes.String(), valueSerde);
  }

  private static <V> StoreBuilder<KeyValueStore<String, V>> globalStore(String name, Serde<V> valueSerde, IngestConfig config) {
    // Global stores keep no changelog of their own (their source topic is one), and no cache.
    return Stores.keyValueStoreBuilder(
        config.inMemoryState() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentKeyValueStore(name),
        Serdes.String(), valueSerde).withLoggingDisabled();
  }

  /** Kafka serde over our Avro single-object serde. */
  static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> kafkaSerde(AvroSingleObjectSerde<T> serde) {
    return Serdes.serdeFrom((topic, value) -> value == null ? null : serde.serialize(value),
        (topic, bytes) -> bytes == null ? null : serde.deserialize(bytes));
  }
}
