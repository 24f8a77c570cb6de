package org.ecgstream.local.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.local.bench.BedGenerationThroughput;
import org.ecgstream.simulators.fleet.SignalModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg bench simulate}: simulated beds one core generates in real time (issue #10 target: 1,000 at 12 leads, 500 Hz). */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Simulated beds one core generates in real time, 12 leads, per generator.",
    description = {
      "Generates --beds beds of the demo's ward for --seconds of device time on one thread, frame by frame",
      "(250 ms frames, int16 samples, per-frame ground truth), once to warm up and once measured, for each",
      "generator. Beds per core in real time = bed-seconds generated / CPU seconds of the generating thread",
      "(CPU time, so other load on a shared machine does not count). No Kafka: --encode adds the Avro",
      "encoding of frames and truth the publisher does. Issue #10 target: >= 1,000 beds per core at 500 Hz."
    })
final class BenchSimulateCommand implements Callable<Integer> {

  @Option(names = "--beds", defaultValue = "1000", description = "Beds generated together (default: ${DEFAULT-VALUE}).")
  int beds;

  @Option(names = "--seconds", defaultValue = "20", description = "Device seconds per bed in the measured run (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--sample-rate", defaultValue = "500", description = "Samples per second per lead: 250, 360, 500 or 1000 (default: ${DEFAULT-VALUE}).")
  int sampleRateHz;

  @Option(names = "--generator", paramLabel = "MODEL", split = ",",
      description = "beat-train, twelve-lead or both, comma-separated (default: both).")
  List<String> generators;

  @Option(names = "--encode", description = "Also Avro-encode every frame and its truth, as the publisher does.")
  boolean encode;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated signals (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (!List.of(250, 360, 500, 1000).contains(sampleRateHz) || beds < 1 || !(seconds >= 1)) {
      System.err.println("bench simulate: --sample-rate must be 250, 360, 500 or 1000, --beds at least 1, --seconds at least 1");
      return 2;
    }
    List<SignalModel> models;
    try {
      models = generators == null ? List.of(SignalModel.values())
          : generators.stream().map(SignalModel::parse).toList();
    } catch (IllegalArgumentException e) {
      System.err.println("bench simulate: --generator: " + e.getMessage());
      return 2;
    }
    System.out.printf(Locale.ROOT, "%-12s %6s %6s %9s %9s %9s %9s %14s%n", "generator", "beds", "Hz", "device s", "frames",
        "cpu s", "wall s", "beds/core RT");
    for (SignalModel model : models) {
      System.err.println("bench simulate: " + model.scenarioName() + " warm-up ...");
      BedGenerationThroughput.run(model, beds, sampleRateHz, Math.max(2, seconds / 4), encode, seed + 1);
      BedGenerationThroughput.Result r = BedGenerationThroughput.run(model, beds, sampleRateHz, seconds, encode, seed);
      System.out.printf(Locale.ROOT, "%-12s %6d %6d %9.0f %9d %9.2f %9.2f %,14.0f%n", model.scenarioName(), r.beds(),
          r.sampleRateHz(), r.deviceSeconds(), r.frames(), r.cpuSeconds(), r.wallSeconds(), r.bedsPerCoreRealTime());
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "12 leads, 250 ms frames%s; %d CPUs, max heap %d MB, Java %s%n",
        encode ? ", Avro-encoded frames and truth" : "", rt.availableProcessors(), rt.maxMemory() >> 20, Runtime.version());
    return 0;
  }
}
