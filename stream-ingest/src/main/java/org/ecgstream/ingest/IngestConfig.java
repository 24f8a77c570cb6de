package org.ecgstream.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The ingest app's own settings, declared once with type, default and description. They are read
 * from the same properties as the Kafka clients' (keys starting {@code ingest.}); everything else
 * passes through to Kafka Streams unchanged. {@link #from} validates at start-up.
 */
public record IngestConfig(
    IngestTopics topics,
    Set<Integer> sampleRatesHz,
    long minFrameMillis,
    long maxFrameMillis,
    float minGainPerMv,
    float maxGainPerMv,
    long maxFutureMillis,
    long maxPastMillis,
    long maxClockDriftMillis,
    long reorderBoundMillis,
    int reorderMaxFrames,
    long dedupWindowMillis,
    long unboundHoldMillis,
    int unboundMaxFrames,
    int flatLineMaxMicrovolts,
    boolean inMemoryState) {

  /** One setting: its key, default and what it means. */
  public record Key(String name, String defaultValue, String description) {}

  public static final Key TOPIC_RAW = key("ingest.topic.raw", IngestTopics.defaults().raw(), "Topic the devices write to.");
  public static final Key TOPIC_ADMISSIONS = key("ingest.topic.admissions", IngestTopics.defaults().admissions(),
      "Compacted topic of device-to-patient admissions.");
  public static final Key TOPIC_FRAMES = key("ingest.topic.frames", IngestTopics.defaults().frames(), "Topic of clean, patient-keyed frames.");
  public static final Key TOPIC_DLQ = key("ingest.topic.dlq", IngestTopics.defaults().deadLetters(), "Dead-letter topic.");
  public static final Key SAMPLE_RATES = key("ingest.sample.rates.hz", "250,300,360,500,1000",
      "Sample rates accepted, comma-separated (the simulators' rates and those of the records in shared/data).");
  public static final Key MIN_FRAME = key("ingest.frame.min.ms", "20", "Shortest frame accepted (samples per lead / rate).");
  public static final Key MAX_FRAME = key("ingest.frame.max.ms", "10000", "Longest frame accepted.");
  public static final Key MIN_GAIN = key("ingest.gain.min.per.mv", "1", "Smallest gain accepted, ADC units per mV.");
  public static final Key MAX_GAIN = key("ingest.gain.max.per.mv", "100000", "Largest gain accepted, ADC units per mV.");
  public static final Key MAX_FUTURE = key("ingest.device.time.max.future.ms", "300000",
      "A frame whose device time is further ahead of the wall clock than this is refused (device clock wrong).");
  public static final Key MAX_PAST = key("ingest.device.time.max.past.ms", "86400000",
      "A frame whose device time is further behind the wall clock than this is refused.");
  public static final Key MAX_CLOCK_DRIFT = key("ingest.device.clock.max.drift.ms", "5000",
      "A frame whose device time (at its end) differs from its record's Kafka timestamp by more than this gets "
          + "quality.deviceClockDriftMillis set (a flag, not a rejection: the signal is valid, its timing is suspect).");
  public static final Key REORDER_BOUND = key("ingest.reorder.bound.ms", "2000",
      "How long a missing frame is waited for (device time ahead of it, or wall time held); later arrivals are LATE.");
  public static final Key REORDER_MAX_FRAMES = key("ingest.reorder.max.frames", "1000",
      "Frames held per device while waiting for a missing one; beyond it the oldest is released with a gap.");
  public static final Key DEDUP_WINDOW = key("ingest.dedup.window.ms", "60000",
      "How far back (device time, in frames of the current duration) sequence numbers are remembered for de-duplication.");
  public static final Key UNBOUND_HOLD = key("ingest.unbound.hold.ms", "10000",
      "How long (wall time) frames of a device with no admission are held before they are dead-lettered UNBOUND_DEVICE.");
  public static final Key UNBOUND_MAX_FRAMES = key("ingest.unbound.max.frames", "2000",
      "Frames held per unbound device; beyond it the oldest is dead-lettered UNBOUND_DEVICE.");
  public static final Key FLAT_LINE = key("ingest.quality.flat.line.max.uv", "20",
      "A lead whose peak-to-peak over the frame is at most this many microvolts is flagged flat line.");

  public static final Key STATE_STORE = key("ingest.state.store", "rocksdb",
      "rocksdb or in_memory: where the sequencing and binding state lives (changelogged either way; in_memory restores from the changelog on every start).");

  public static final List<Key> KEYS = List.of(TOPIC_RAW, TOPIC_ADMISSIONS, TOPIC_FRAMES, TOPIC_DLQ, SAMPLE_RATES, MIN_FRAME,
      MAX_FRAME, MIN_GAIN, MAX_GAIN, MAX_FUTURE, MAX_PAST, MAX_CLOCK_DRIFT, REORDER_BOUND, REORDER_MAX_FRAMES, DEDUP_WINDOW, UNBOUND_HOLD,
      UNBOUND_MAX_FRAMES, FLAT_LINE, STATE_STORE);

  private static Key key(String name, String defaultValue, String description) {
    return new Key(name, defaultValue, description);
  }

  /** Every setting at its default. */
  public static IngestConfig defaults() {
    return from(Map.of());
  }

  /**
   * Reads the {@code ingest.*} settings from {@code properties} (others are ignored), falling back
   * to defaults, and refuses values that make no sense with a message naming the key.
   */
  public static IngestConfig from(Map<?, ?> properties) {
    Reader r = new Reader(properties);
    IngestConfig config = new IngestConfig(
        new IngestTopics(r.string(TOPIC_RAW), r.string(TOPIC_ADMISSIONS), r.string(TOPIC_FRAMES), r.string(TOPIC_DLQ)),
        r.rates(SAMPLE_RATES),
        r.positiveLong(MIN_FRAME), r.positiveLong(MAX_FRAME),
        r.positiveFloat(MIN_GAIN), r.positiveFloat(MAX_GAIN),
        r.positiveLong(MAX_FUTURE), r.positiveLong(MAX_PAST), r.positiveLong(MAX_CLOCK_DRIFT),
        r.positiveLong(REORDER_BOUND), (int) r.positiveLong(REORDER_MAX_FRAMES),
        r.positiveLong(DEDUP_WINDOW), r.positiveLong(UNBOUND_HOLD), (int) r.positiveLong(UNBOUND_MAX_FRAMES),
        (int) r.nonNegativeLong(FLAT_LINE),
        r.inMemory(STATE_STORE));
    if (config.minFrameMillis > config.maxFrameMillis) {
      r.problems.add(MIN_FRAME.name() + " must not exceed " + MAX_FRAME.name());
    }
    if (config.minGainPerMv > config.maxGainPerMv) {
      r.problems.add(MIN_GAIN.name() + " must not exceed " + MAX_GAIN.name());
    }
    if (!r.problems.isEmpty()) {
      throw new IllegalArgumentException("invalid ingest configuration: " + String.join("; ", r.problems));
    }
    return config;
  }

  /** The settings as properties, for a copy with some values changed. */
  public Map<String, String> asProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put(TOPIC_RAW.name(), topics.raw());
    p.put(TOPIC_ADMISSIONS.name(), topics.admissions());
    p.put(TOPIC_FRAMES.name(), topics.frames());
    p.put(TOPIC_DLQ.name(), topics.deadLetters());
    p.put(SAMPLE_RATES.name(), String.join(",", sampleRatesHz.stream().map(String::valueOf).toList()));
    p.put(MIN_FRAME.name(), Long.toString(minFrameMillis));
    p.put(MAX_FRAME.name(), Long.toString(maxFrameMillis));
    p.put(MIN_GAIN.name(), Float.toString(minGainPerMv));
    p.put(MAX_GAIN.name(), Float.toString(maxGainPerMv));
    p.put(MAX_FUTURE.name(), Long.toString(maxFutureMillis));
    p.put(MAX_PAST.name(), Long.toString(maxPastMillis));
    p.put(MAX_CLOCK_DRIFT.name(), Long.toString(maxClockDriftMillis));
    p.put(REORDER_BOUND.name(), Long.toString(reorderBoundMillis));
    p.put(REORDER_MAX_FRAMES.name(), Integer.toString(reorderMaxFrames));
    p.put(DEDUP_WINDOW.name(), Long.toString(dedupWindowMillis));
    p.put(UNBOUND_HOLD.name(), Long.toString(unboundHoldMillis));
    p.put(UNBOUND_MAX_FRAMES.name(), Integer.toString(unboundMaxFrames));
    p.put(FLAT_LINE.name(), Integer.toString(flatLineMaxMicrovolts));
    p.put(STATE_STORE.name(), inMemoryState ? "in_memory" : "rocksdb");
    return p;
  }

  /** This configuration with {@code key} set to {@code value}. */
  public IngestConfig with(Key key, Object value) {
    Map<String, String> p = asProperties();
    p.put(key.name(), String.valueOf(value));
    return from(p);
  }

  private static final class Reader {
    final Map<?, ?> properties;
    final List<String> problems = new ArrayList<>();

    Reader(Map<?, ?> properties) {
      this.properties = properties;
    }

    String string(Key key) {
      Object v = properties.get(key.name());
      String s = v == null ? key.defaultValue() : v.toString().trim();
      if (s.isEmpty()) {
        problems.add(key.name() + " must not be empty");
      }
      return s;
    }

    long positiveLong(Key key) {
      long v = parse(key, Long::parseLong, 1L);
      if (v <= 0) {
        problems.add(key.name() + " must be > 0, got " + v);
        return 1;
      }
      return v;
    }

    long nonNegativeLong(Key key) {
      long v = parse(key, Long::parseLong, 0L);
      if (v < 0) {
        problems.add(key.name() + " must be >= 0, got " + v);
        return 0;
      }
      return v;
    }

    float positiveFloat(Key key) {
      float v = parse(key, Float::parseFloat, 1f);
      if (!(v > 0) || Float.isInfinite(v)) {
        problems.add(key.name() + " must be a positive number, got " + v);
        return 1f;
      }
      return v;
    }

    boolean inMemory(Key key) {
      String v = string(key);
      if (!v.equals("rocksdb") && !v.equals("in_memory")) {
        problems.add(key.name() + " must be rocksdb or in_memory, got '" + v + "'");
      }
      return v.equals("in_memory");
    }

    Set<Integer> rates(Key key) {
      Set<Integer> rates = new TreeSet<>();
      for (String part : string(key).split(",")) {
        try {
          int rate = Integer.parseInt(part.trim());
          if (rate <= 0) {
            problems.add(key.name() + ": sample rates must be > 0, got " + rate);
          }
          rates.add(rate);
        } catch (NumberFormatException e) {
          problems.add(key.name() + ": '" + part + "' is not a whole number of Hz");
        }
      }
      return Collections.unmodifiableSet(rates);
    }

    private <T> T parse(Key key, Function<String, T> parser, T fallback) {
      String s = string(key);
      try {
        return parser.apply(s);
      } catch (NumberFormatException e) {
        problems.add(key.name() + ": '" + s + "' is not a number");
        return fallback;
      }
    }
  }
}
