package org.ecgstream.local.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.local.bench.IngestThroughput;
import org.ecgstream.local.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg bench ingest}: frames/s through the ingest app against plain Kafka on the same broker. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Frames per second through the ingest app vs a plain Kafka producer -> consumer, same broker, same run.",
    description = {
      "Simulates --beds 12-lead beds at 500 Hz in 250 ms frames (--frames-per-bed each), once. Then, on the",
      "same broker (embedded KRaft by default, or --bootstrap):",
      "  plain   a producer writes the frames to a topic, a consumer reads them back;",
      "  ingest  the same producer writes them to ingest's raw topic, the ingest app (exactly once, RocksDB",
      "          state) validates, sequences, binds and normalises them, a read_committed consumer reads",
      "          ecg.frames. Each timed from the first send to the last frame read.",
      "First a warm-up run of each path on the first --warmup-frames-per-bed frames of every bed (not counted:",
      "the JIT compiles broker, client, Streams and ingest code for tens of seconds of CPU, which a cold",
      "run would charge mostly to whichever path runs more of that code; with 1,000 frames per bed the JIT",
      "still took 11-15 us of CPU per counted ingest frame, 6 after 4,000). Then plain, ingest, ingest, plain;",
      "the faster run of each path counts.",
      "Prints frames/s of both and their ratio (issue #4 target: ingest >= 0.5x plain), the ratio of their CPU",
      "per frame (whole process, and without the JIT compiler threads), CPUs and heap. --pass-through adds a",
      "Kafka Streams app with ingest's settings that only copies the frames: the floor under ingest.",
      "--preloaded times the Streams apps alone: each is paused, its input written and acknowledged, and the",
      "clock starts when it resumes (the plain baseline still runs producer and consumer at once). Without it",
      "the producer writing ingest's input shares the two cores with the app it feeds."
    })
final class BenchIngestCommand implements Callable<Integer> {

  @Option(names = "--beds", defaultValue = "20", description = "Simulated beds (default: ${DEFAULT-VALUE}).")
  int beds;

  @Option(names = "--frames-per-bed", defaultValue = "8000", description = "Frames per bed (default: ${DEFAULT-VALUE}).")
  int framesPerBed;

  @Option(names = "--warmup-frames-per-bed", defaultValue = "4000",
      description = "Frames per bed of the uncounted warm-up run of each path, 0 for none (default: ${DEFAULT-VALUE}).")
  int warmupFramesPerBed;

  @Option(names = "--partitions", defaultValue = "2", description = "Partitions of every bench topic (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Ingest or Kafka Streams setting for the ingest run, repeatable (e.g. ingest.state.store=in_memory).")
  java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

  @Option(names = "--threads",
      description = "Also print CPU microseconds per frame by thread group in the counted plain and ingest runs (where the time goes).")
  boolean threads;

  @Option(names = "--pass-through",
      description = "Also time a Kafka Streams app with ingest's settings that only copies the raw topic (exactly once, no state):"
          + " the floor under the ingest figure on this broker.")
  boolean passThrough;

  @Option(names = "--preloaded",
      description = "Time the ingest (and pass-through) app alone on input written while it is paused, not while the producer runs.")
  boolean preloaded;

  @Option(names = "--bootstrap", description = "Use this Kafka cluster (HOST:PORT) instead of an embedded broker.")
  String bootstrap;

  @Option(names = "--verbose", description = "Show Kafka's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    EmbeddedKafkaBroker broker = null;
    try {
      String servers = bootstrap;
      if (servers == null) {
        broker = EmbeddedKafkaBroker.onFreePort().start();
        servers = broker.bootstrapServers();
      }
      System.err.println("bench ingest: simulating " + beds + " beds x " + framesPerBed + " frames ...");
      IngestThroughput bench = IngestThroughput.prepare(servers, beds, framesPerBed, partitions, settings).preloaded(preloaded);
      if (warmupFramesPerBed > 0) {
        int warmup = Math.min(warmupFramesPerBed, framesPerBed) * beds;
        System.err.println("bench ingest: warm-up, " + warmup + " frames through each path (not counted) ...");
        IngestThroughput.Result plainWarm = bench.plainKafka(warmup);
        IngestThroughput.Result ingestWarm = bench.ingest(warmup);
        System.out.printf(Locale.ROOT, "warm-up (not counted): plain %,.0f, ingest %,.0f frames/s%n",
            plainWarm.framesPerSecond(), ingestWarm.framesPerSecond());
      }
      // Plain Kafka before and after the ingest run, the faster one counts: neither path gains from
      // running on a JVM the other has warmed up.
      System.err.println("bench ingest: plain Kafka ...");
      IngestThroughput.Result plainBefore = bench.plainKafka();
      // Ingest twice as well: the first run also pays for compiling Streams, RocksDB and Avro code.
      System.err.println("bench ingest: ingest app ...");
      IngestThroughput.Result ingestFirst = bench.ingest();
      System.err.println("bench ingest: ingest app again ...");
      IngestThroughput.Result ingestSecond = bench.ingest();
      IngestThroughput.Result ingest = ingestSecond.framesPerSecond() > ingestFirst.framesPerSecond() ? ingestSecond : ingestFirst;
      IngestThroughput.Result pass = null;
      if (passThrough) {
        System.err.println("bench ingest: Kafka Streams pass-through ...");
        pass = bench.passThrough((int) bench.frameCount());
      }
      System.err.println("bench ingest: plain Kafka again ...");
      IngestThroughput.Result plainAfter = bench.plainKafka();
      IngestThroughput.Result plain = plainAfter.framesPerSecond() > plainBefore.framesPerSecond() ? plainAfter : plainBefore;
      System.out.printf(Locale.ROOT, "runs: plain %,.0f, ingest %,.0f, ingest %,.0f, plain %,.0f frames/s; the faster of each counts%n",
          plainBefore.framesPerSecond(), ingestFirst.framesPerSecond(), ingestSecond.framesPerSecond(), plainAfter.framesPerSecond());
      Runtime rt = Runtime.getRuntime();
      if (threads) {
        printThreadCpu(pass == null ? java.util.List.of(plain, ingest) : java.util.List.of(plain, pass, ingest));
      }
      System.out.printf(Locale.ROOT, "frames: %,d (%d beds x %d), 12 leads x 125 samples, %,d bytes each; %d partitions%n",
          bench.frameCount(), beds, framesPerBed, bench.frameBytes(), partitions);
      for (IngestThroughput.Result r : pass == null ? new IngestThroughput.Result[] {plain, ingest}
          : new IngestThroughput.Result[] {plain, pass, ingest}) {
        System.out.printf(Locale.ROOT, "%-34s %,10.0f frames/s  (%,d frames in %.2f s; %.2f s of process CPU, %,.0f frames per CPU-s)%n",
            r.path(), r.framesPerSecond(), r.frames(), r.seconds(), r.cpuSeconds(), r.framesPerCpuSecond());
      }
      if (!settings.isEmpty()) {
        System.out.println("ingest settings: " + settings);
      }
      System.out.printf(Locale.ROOT, "ratio ingest / plain: %.2f (target >= 0.50)%n", ingest.framesPerSecond() / plain.framesPerSecond());
      System.out.printf(Locale.ROOT, "CPU per frame, ratio plain / ingest: %.2f (whole process), %.2f (without the JIT compiler threads)%n",
          plain.cpuSeconds() / plain.frames() / (ingest.cpuSeconds() / ingest.frames()),
          withoutJit(plain) / withoutJit(ingest));
      if (pass != null) {
        System.out.printf(Locale.ROOT, "ratio pass-through / plain: %.2f; ingest / pass-through: %.2f%n",
            pass.framesPerSecond() / plain.framesPerSecond(), ingest.framesPerSecond() / pass.framesPerSecond());
      }
      System.out.println(preloaded ? "timing: apps alone on pre-written input (--preloaded); plain: producer and consumer at once"
          : "timing: every path from the first send to the last frame read, producer running");
      System.out.printf(Locale.ROOT, "machine: %d CPUs, JVM max heap %,d MiB, Java %s, broker %s%n", rt.availableProcessors(),
          rt.maxMemory() / (1024 * 1024), System.getProperty("java.version"), bootstrap == null ? "embedded KRaft (same JVM)" : bootstrap);
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /** Process CPU seconds per frame less what the JIT compiler threads spent in the run. */
  private static double withoutJit(IngestThroughput.Result r) {
    double jit = r.threadCpuSeconds().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
        .mapToDouble(java.util.Map.Entry::getValue).sum();
    return (r.cpuSeconds() - jit) / r.frames();
  }

  /** CPU per frame by thread group, the paths side by side (ingest last), the ingest run's largest first. */
  private static void printThreadCpu(java.util.List<IngestThroughput.Result> runs) {
    IngestThroughput.Result ingest = runs.get(runs.size() - 1);
    System.out.println("CPU microseconds per frame by thread group (" + String.join(" | ",
        runs.stream().map(r -> r.path().split(" ")[0]).toList()) + "), counted runs:");
    java.util.Set<String> groups = new java.util.TreeSet<>();
    runs.forEach(r -> groups.addAll(r.threadCpuSeconds().keySet()));
    groups.stream()
        .sorted(java.util.Comparator.comparingDouble((String g) -> -ingest.threadCpuSeconds().getOrDefault(g, 0.0)))
        .filter(g -> runs.stream().mapToDouble(r -> r.threadCpuSeconds().getOrDefault(g, 0.0)).sum() >= 0.05)
        .limit(20)
        .forEach(g -> System.out.println("  " + String.join(" | ", runs.stream().map(r -> String.format(Locale.ROOT, "%7.1f",
            r.threadCpuSeconds().getOrDefault(g, 0.0) * 1e6 / r.frames())).toList()) + "  " + g));
    System.out.println("  " + String.join(" | ", runs.stream().map(r -> String.format(Locale.ROOT, "%7.1f",
        r.cpuSeconds() * 1e6 / r.frames())).toList()) + "  whole process");
  }
}
