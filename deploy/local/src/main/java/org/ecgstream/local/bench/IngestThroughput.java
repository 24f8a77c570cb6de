package org.ecgstream.local.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.ingest.IngestApp;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.local.WorkDirectories;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SimulatedBed;

/**
 * Frames per second through the ingest app against plain Kafka on the same broker, same frames,
 * same run: the baseline is a producer writing the raw bytes to a topic and a consumer reading
 * them back; the ingest path is the same producer writing to ingest's raw topic and a
 * read_committed consumer reading the frames it writes. Each is timed from the first send to the
 * last record read, or, with {@link #preloaded(boolean)}, the apps alone: their input written while
 * they are paused, timed from resuming to the last record read (the plain baseline stays producer
 * and consumer at once).
 */
public final class IngestThroughput {

  /** Frames per second of one path, and how many frames it moved. */
  public record Result(String path, long frames, double seconds, double cpuSeconds, Map<String, Double> threadCpuSeconds) {
    public double framesPerSecond() {
      return frames / seconds;
    }

    /** Frames per second of this JVM's CPU time (broker included): less sensitive to other load on the machine. */
    public double framesPerCpuSecond() {
      return frames / cpuSeconds;
    }
  }

  /**
   * CPU seconds per thread group (thread name with numbers and ids stripped), for where the time
   * goes: Java threads from the thread MXBean, and on Linux, from /proc, the threads it does not
   * see: the JVM's own (GC, JIT compilers) and native ones (RocksDB), named "native: ...".
   */
  public static java.util.Map<String, Double> threadCpuSeconds() {
    java.util.Map<String, Double> byGroup = new java.util.TreeMap<>(procThreadCpuSeconds());
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (long id : threads.getAllThreadIds()) {
      var info = threads.getThreadInfo(id);
      long nanos = threads.getThreadCpuTime(id);
      if (info == null || nanos < 0) {
        continue;
      }
      String group = info.getThreadName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "").replaceAll("[0-9]+", "N");
      byGroup.merge(group, nanos / 1e9, Double::sum);
    }
    return byGroup;
  }

  /** Threads the JVM runs for itself or for native code, by the kernel's 15-character names. */
  private static final java.util.regex.Pattern NATIVE_THREAD =
      java.util.regex.Pattern.compile("GC Thread.*|G1 .*|C[12] CompilerThre.*|VM Thread|VM Periodic.*|rocksdb.*|Sweeper.*");

  /** CPU of the threads {@link #NATIVE_THREAD} names, from /proc/self/task; empty where there is none. */
  private static java.util.Map<String, Double> procThreadCpuSeconds() {
    java.util.Map<String, Double> byGroup = new java.util.TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return byGroup;
    }
    try (var dirs = Files.list(tasks)) {
      for (Path task : (Iterable<Path>) dirs::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          // Fields after the parenthesised name: state is field 3, utime 14, stime 15 (clock ticks, 100 per second).
          int close = stat.lastIndexOf(')');
          String name = stat.substring(stat.indexOf('(') + 1, close);
          String[] fields = stat.substring(close + 2).split(" ");
          double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
          if (NATIVE_THREAD.matcher(name).matches()) {
            byGroup.merge("native: " + name.replaceAll("[0-9]+", "N"), seconds, Double::sum);
          }
        } catch (java.io.IOException | RuntimeException threadEnded) {
          // the thread ended while being read: its CPU is no longer attributable
        }
      }
    } catch (java.io.IOException e) {
      return java.util.Map.of();
    }
    return byGroup;
  }

  private static double processCpuSeconds() {
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1e9 : Double.NaN;
  }

  private final String bootstrap;
  private final List<ProducerRecord<String, byte[]>> frames;
  private final List<ProducerRecord<String, byte[]>> admissions;
  private final int partitions;
  private final Map<String, String> settings;
  private boolean preloaded;

  private IngestThroughput(String bootstrap, List<ProducerRecord<String, byte[]>> frames,
      List<ProducerRecord<String, byte[]>> admissions, int partitions, Map<String, String> settings) {
    this.bootstrap = bootstrap;
    this.frames = frames;
    this.admissions = admissions;
    this.partitions = partitions;
    this.settings = settings;
  }

  /** Simulates {@code beds} 12-lead beds at 500 Hz, 250 ms frames, {@code framesPerBed} each, ending now. */
  public static IngestThroughput prepare(String bootstrap, int beds, int framesPerBed, int partitions,
      Map<String, String> settings) {
    long start = System.currentTimeMillis() - framesPerBed * 250L;
    List<SimulatedBed> fleet = new ArrayList<>();
    List<ProducerRecord<String, byte[]>> admissions = new ArrayList<>();
    for (int b = 0; b < beds; b++) {
      SimulatedBed bed = new SimulatedBed(BedScript.steady("bench-dev-" + b, "bench-patient-" + b, "bed-" + b, 60 + b % 60),
          StandardLeads.TWELVE, 500, 250, start, b);
      fleet.add(bed);
      admissions.add(new ProducerRecord<>("x", bed.script().deviceId(), EcgSerdes.admissions().serialize(bed.admission())));
    }
    List<ProducerRecord<String, byte[]>> frames = new ArrayList<>(beds * framesPerBed);
    for (int i = 0; i < framesPerBed; i++) {
      for (SimulatedBed bed : fleet) {
        EcgFrame frame = bed.nextFrame();
        frames.add(new ProducerRecord<>("x", frame.getDeviceId(), EcgSerdes.frames().serialize(frame)));
      }
    }
    return new IngestThroughput(bootstrap, frames, admissions, partitions, Map.copyOf(settings));
  }

  /**
   * Whether the Streams apps (ingest, pass-through) are timed alone on input written before they
   * resume, instead of concurrently with the producer writing it.
   */
  public IngestThroughput preloaded(boolean preloaded) {
    this.preloaded = preloaded;
    return this;
  }

  public long frameCount() {
    return frames.size();
  }

  public long frameBytes() {
    return frames.isEmpty() ? 0 : frames.get(0).value().length;
  }

  /** Producer to consumer on one topic, no processing. */
  public Result plainKafka() throws Exception {
    return plainKafka(frames.size());
  }

  /** {@link #plainKafka()} with the first {@code frameCount} frames only (a warm-up run). */
  public Result plainKafka(int frameCount) throws Exception {
    String topic = "bench.plain." + System.nanoTime();
    createTopics(topic);
    return timed("plain Kafka producer -> consumer", topic, topic, "read_uncommitted", frameCount, null);
  }

  /** Producer to ingest's raw topic, through the ingest app (exactly once), consumer on its frames topic. */
  public Result ingest() throws Exception {
    return ingest(frames.size());
  }

  /** {@link #ingest()} with the first {@code frameCount} frames only (a warm-up run). */
  public Result ingest(int frameCount) throws Exception {
    String suffix = "." + System.nanoTime();
    String raw = "bench.raw" + suffix;
    String admissionsTopic = "bench.admissions" + suffix;
    String out = "bench.frames" + suffix;
    String dlq = "bench.dlq" + suffix;
    createTopics(raw, admissionsTopic, out, dlq);
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (ProducerRecord<String, byte[]> a : admissions) {
        producer.send(new ProducerRecord<>(admissionsTopic, a.key(), a.value()));
      }
    }
    Path state = Files.createTempDirectory("ecg-bench-ingest-");
    Map<String, Object> run = new java.util.HashMap<>(settings);
    run.putAll(Map.of(
        IngestConfig.TOPIC_RAW.name(), raw, IngestConfig.TOPIC_ADMISSIONS.name(), admissionsTopic,
        IngestConfig.TOPIC_FRAMES.name(), out, IngestConfig.TOPIC_DLQ.name(), dlq,
        "application.id", "ecg-bench-ingest" + suffix.replace('.', '-'),
        "num.stream.threads", Math.min(partitions, Runtime.getRuntime().availableProcessors())));
    run.putAll(settings); // what the caller set wins
    try (IngestApp app = new IngestApp(bootstrap, state, run, new SimpleMeterRegistry())) {
      app.start();
      app.awaitRunning(Duration.ofMinutes(1));
      Result result = timed("ingest app (exactly once)", raw, out, "read_committed", frameCount,
          preloaded ? new Pausable(app::pause, app::resume) : null);
      if (app.metrics().deadLetters() > 0) {
        throw new IllegalStateException("ingest dead-lettered " + app.metrics().deadLetters() + " bench frames; the figure would be wrong");
      }
      return result;
    } finally {
      WorkDirectories.deleteRecursively(state);
    }
  }

  /**
   * The floor under the ingest figure: a Kafka Streams app with ingest's settings (exactly once
   * v2, commit interval, producer compression and batches, threads) that copies the raw topic to
   * another, no processing, no state; read back read_committed like ingest's output.
   */
  public Result passThrough(int frameCount) throws Exception {
    String suffix = "." + System.nanoTime();
    String raw = "bench.passraw" + suffix;
    String out = "bench.passout" + suffix;
    createTopics(raw, out);
    Path state = Files.createTempDirectory("ecg-bench-pass-");
    Map<String, Object> run = new java.util.HashMap<>();
    run.put("application.id", "ecg-bench-pass" + suffix.replace('.', '-'));
    run.put("num.stream.threads", Math.min(partitions, Runtime.getRuntime().availableProcessors()));
    settings.forEach((key, value) -> {
      if (!key.startsWith("ingest.")) {
        run.put(key, value); // Kafka settings the caller gave ingest apply here too
      }
    });
    org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
    builder.stream(raw, org.apache.kafka.streams.kstream.Consumed.with(
            org.apache.kafka.common.serialization.Serdes.ByteArray(), org.apache.kafka.common.serialization.Serdes.ByteArray()))
        .to(out, org.apache.kafka.streams.kstream.Produced.with(
            org.apache.kafka.common.serialization.Serdes.ByteArray(), org.apache.kafka.common.serialization.Serdes.ByteArray()));
    try (org.apache.kafka.streams.KafkaStreams streams = new org.apache.kafka.streams.KafkaStreams(builder.build(),
        IngestApp.streamsProperties(bootstrap, state, run))) {
      streams.start();
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (streams.state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("pass-through app did not reach RUNNING within 1 min (state " + streams.state() + ")");
        }
        Thread.sleep(50);
      }
      return timed("pass-through Kafka Streams app (EOS)", raw, out, "read_committed", frameCount,
          preloaded ? new Pausable(streams::pause, streams::resume) : null);
    } finally {
      WorkDirectories.deleteRecursively(state);
    }
  }

  /** How to hold an app while its input is written and let it go when the clock starts. */
  private record Pausable(Runnable pause, Runnable resume) {}

  /**
   * Times {@code frameCount} frames from {@code inTopic} to the last one read on {@code outTopic}.
   * Without {@code app} the producer sends while the clock runs; with it the app is paused, the
   * frames are written and acknowledged, and the clock starts when the app resumes.
   */
  private Result timed(String path, String inTopic, String outTopic, String isolation, int frameCount, Pausable app)
      throws Exception {
    List<ProducerRecord<String, byte[]>> frames = this.frames.subList(0, Math.min(frameCount, this.frames.size()));
    Map<String, Object> consumerConfig = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + System.nanoTime());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(outTopic));
      while (consumer.assignment().isEmpty()) {
        consumer.poll(Duration.ofMillis(100));
      }
      AtomicLong sent = new AtomicLong();
      Runnable send = () -> {
        try (KafkaProducer<String, byte[]> producer = producer()) {
          for (ProducerRecord<String, byte[]> f : frames) {
            producer.send(new ProducerRecord<>(inTopic, f.key(), f.value()));
            sent.incrementAndGet();
          }
        } // close() waits for every send to be acknowledged
      };
      Thread sender = new Thread(send, "bench-producer");
      if (app != null) {
        app.pause().run();
        send.run();
      }
      Map<String, Double> threadsBefore = threadCpuSeconds();
      long startNanos = System.nanoTime();
      double startCpu = processCpuSeconds();
      if (app != null) {
        app.resume().run();
      } else {
        sender.start();
      }
      long read = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (read < frames.size()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(path + ": only " + read + " of " + frames.size() + " frames arrived within 10 min");
        }
        read += consumer.poll(Duration.ofMillis(100)).count();
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      double cpu = processCpuSeconds() - startCpu;
      Map<String, Double> threadCpu = new java.util.TreeMap<>();
      threadCpuSeconds().forEach((group, after) -> threadCpu.put(group, after - threadsBefore.getOrDefault(group, 0.0)));
      if (app == null) {
        sender.join();
      }
      return new Result(path, read, seconds, cpu, threadCpu);
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
        new StringSerializer(), new ByteArraySerializer());
  }

  private void createTopics(String... names) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(new NewTopic(name, partitions, (short) 1));
      }
      admin.createTopics(topics).all().get();
    }
  }
}
