package org.ecgstream.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link IngestFrameBenchmark}'s operations timed in this thread's CPU time instead of JMH's wall
 * time: on a machine shared with other builds (load average well above its cores) wall time per
 * operation swings by a factor of two or more, CPU time by a few percent. Not a JMH replacement
 * (no forks, no blackhole; the results are kept in a field), a steadier second figure.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar org.ecgstream.benchmarks.IngestFrameCpuTime [operation ...]}:
 * per operation 3 CPU-seconds of warm-up, then 7 rounds of 1 CPU-second; prints the median and range
 * of CPU microseconds per operation.
 */
public final class IngestFrameCpuTime {

  private static volatile Object kept;

  private IngestFrameCpuTime() {}

  public static void main(String[] args) {
    IngestFrameBenchmark bench = new IngestFrameBenchmark();
    bench.setUp();
    Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
    operations.put("decode", bench::decode);
    operations.put("validate", bench::validate);
    operations.put("normalise", bench::normalise);
    operations.put("encode", bench::encode);
    operations.put("normaliseEncoded", bench::normaliseEncoded);
    operations.put("perFrame", bench::perFrame);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String name : args.length > 0 ? Arrays.asList(args) : operations.keySet()) {
      Supplier<Object> operation = operations.get(name);
      if (operation == null) {
        throw new IllegalArgumentException("no operation " + name + "; one of " + operations.keySet());
      }
      cpuMicrosPerOperation(threads, operation, 3);
      double[] rounds = new double[7];
      for (int i = 0; i < rounds.length; i++) {
        rounds[i] = cpuMicrosPerOperation(threads, operation, 1);
      }
      Arrays.sort(rounds);
      System.out.printf("%-17s %.3f us of CPU per operation (median of %d rounds; %.3f-%.3f)%n", name, rounds[rounds.length / 2],
          rounds.length, rounds[0], rounds[rounds.length - 1]);
    }
  }

  private static double cpuMicrosPerOperation(ThreadMXBean threads, Supplier<Object> operation, double cpuSeconds) {
    long start = threads.getCurrentThreadCpuTime();
    long until = start + (long) (cpuSeconds * 1e9);
    long operations = 0;
    long now;
    do {
      for (int i = 0; i < 200; i++) {
        kept = operation.get();
      }
      operations += 200;
      now = threads.getCurrentThreadCpuTime();
    } while (now < until);
    return (now - start) / 1e3 / operations;
  }
}
