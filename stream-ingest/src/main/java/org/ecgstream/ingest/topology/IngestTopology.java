package org.ecgstream.ingest.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.binding.AdmissionRecorder;
import org.ecgstream.ingest.binding.BindingHistory;
import org.ecgstream.ingest.binding.DeviceBinder;
import org.ecgstream.ingest.frame.IngestOutcome;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.ingest.frame.ReceivedFrameSerde;
import org.ecgstream.ingest.metrics.IngestMetrics;
import org.ecgstream.ingest.normalise.FrameNormaliser;
import org.ecgstream.ingest.ordering.DeviceCursor;
import org.ecgstream.ingest.ordering.FrameSequencer;
import org.ecgstream.ingest.validation.FrameValidator;
import org.ecgstream.schemas.EcgFrame;
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
  public static final String SEEN_STORE = "ingest-seen-frames";
  public static final String UNBOUND_STORE = "ingest-unbound-held";

  private IngestTopology() {}

  public static Topology build(IngestConfig config, IngestMetrics metrics) {
    var topics = config.topics();
    StreamsBuilder builder = new StreamsBuilder();
    // A global store, not a table of the latest admission: the recorder sees every admission, and
    // the topic itself is the store's changelog (global stores are restored through the recorder).
    builder.addGlobalStore(
        globalStore(ADMISSIONS_STORE, new BindingHistory.StoreSerde(), config),
        topics.admissions(),
        Consumed.with(Serdes.String(), kafkaSerde(EcgSerdes.admissions())),
        () -> new AdmissionRecorder(ADMISSIONS_STORE));
    builder.addStateStore(store(CURSOR_STORE, new DeviceCursor.StoreSerde(), config).withCachingEnabled());
    builder.addStateStore(store(REORDER_STORE, new ReceivedFrameSerde(), config).withCachingEnabled());
    // Not cached: each (device, sequence number) is written once and read only for a frame that may
    // be a duplicate, so a cache saves no write and its sorted map of thousands of long keys cost
    // an eighth of the stream threads' time (key comparisons) in a profile of bench ingest.
    builder.addStateStore(store(SEEN_STORE, new org.ecgstream.ingest.ordering.SeenFrame.StoreSerde(), config));
    builder.addStateStore(store(UNBOUND_STORE, new ReceivedFrameSerde(), config).withCachingEnabled());

    FrameValidator validator = new FrameValidator(config);
    FrameNormaliser normaliser = new FrameNormaliser(config.flatLineMaxMicrovolts(), config.maxClockDriftMillis());

    KStream<String, IngestOutcome> validated = builder
        .stream(topics.raw(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .processValues(() -> new FrameIntake(validator, metrics), Named.as("intake"));
    KStream<String, IngestOutcome> sequenced = accepted(validated, topics.deadLetters(), "intake")
        .process(() -> new FrameSequencer(CURSOR_STORE, REORDER_STORE, SEEN_STORE, config, metrics), Named.as("sequencer"),
            CURSOR_STORE, REORDER_STORE, SEEN_STORE);
    KStream<String, IngestOutcome> bound = accepted(sequenced, topics.deadLetters(), "sequencer")
        .process(() -> new DeviceBinder(ADMISSIONS_STORE, UNBOUND_STORE, config, metrics), Named.as("binder"), UNBOUND_STORE);
    accepted(bound, topics.deadLetters(), "binder")
        .mapValues(frame -> {
          EcgFrame out = normaliser.normalise(frame.frame(), frame.gapBeforeMillis(), frame.raw().timestampMillis());
          metrics.frameOut();
          return out;
        }, Named.as("normaliser"))
        .to(topics.frames(), Produced.with(Serdes.String(), kafkaSerde(EcgSerdes.frames())));
    return builder.build();
  }

  /** Sends a stage's refusals to the dead-letter topic and returns the frames it accepted. */
  private static KStream<String, ReceivedFrame> accepted(KStream<String, IngestOutcome> stage, String deadLetterTopic,
      String stageName) {
    stage.filter((key, outcome) -> !outcome.isAccepted(), Named.as(stageName + "-refused"))
        .mapValues(IngestOutcome::rejected, Named.as(stageName + "-dead-letter"))
        .to(deadLetterTopic, Produced.with(Serdes.String(), kafkaSerde(EcgSerdes.rejectedRecords())).withName(stageName + "-to-dlq"));
    return stage.filter((key, outcome) -> outcome.isAccepted(), Named.as(stageName + "-accepted"))
        .mapValues(IngestOutcome::accepted, Named.as(stageName + "-frame"));
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
