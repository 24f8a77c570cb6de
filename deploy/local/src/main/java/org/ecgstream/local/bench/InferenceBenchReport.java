package org.ecgstream.local.bench;

import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@code ./ecg bench inference} run and the settings and machine they were
 * measured with, as a table or as JSON.
 *
 * @param model the bundle's name@version
 * @param device the device asked for
 * @param windows windows per path
 * @param patients simulated patients
 * @param batchSize most windows per ONNX Runtime call (both paths)
 * @param maxWaitMillis the Flink batcher's longest wait for a batch to fill
 * @param parallelism the Flink job's parallelism
 * @param inFlightPerSubtask windows each inference subtask may have waiting
 * @param plain the plain loop
 * @param operator the job's inference operator alone, fed the plain loop's prepared windows
 * @param flink the job's whole labelling path from frames (model windows, then the operator)
 * @param plainRunsPerSecond every round's plain-loop windows/s, in run order ({@code plain} is the median round)
 * @param operatorRunsPerSecond every round's operator windows/s, in run order ({@code operator} is the median round)
 * @param preprocessSeconds time to cut and preprocess every window once on one thread (not in the
 *     plain loop's figure; the Flink path does it in its model-windows step)
 */
public record InferenceBenchReport(String model, String device, int windows, int patients, int batchSize,
    long maxWaitMillis, int parallelism, int inFlightPerSubtask, PathResult plain, FlinkLabellingRun.Result operator,
    FlinkLabellingRun.Result flink,
    double preprocessSeconds, java.util.List<Double> plainRunsPerSecond, java.util.List<Double> operatorRunsPerSecond) {

  /** Target of issue #6: the Flink operator at no less than this share of the plain loop's rate. */
  public static final double TARGET_RATIO = 0.8;

  /** The Flink inference operator's windows/s over the plain loop's, on the same prepared windows. */
  public double ratio() {
    return over(operator.path());
  }

  /** The whole Flink labelling path's windows/s (window preparation from frames included) over the plain loop's. */
  public double framesRatio() {
    return over(flink.path());
  }

  private double over(PathResult path) {
    double plainRate = plain.windowsPerSecond();
    return plainRate > 0 ? path.windowsPerSecond() / plainRate : 0;
  }

  /** Windows cut and preprocessed per second on one thread. */
  public double preprocessWindowsPerSecond() {
    return preprocessSeconds > 0 ? windows / preprocessSeconds : 0;
  }

  public static int cpus() {
    return Runtime.getRuntime().availableProcessors();
  }

  public static long maxHeapMiB() {
    return Runtime.getRuntime().maxMemory() >> 20;
  }

  /** The human-readable table. */
  public String table() {
    PathResult f = flink.path();
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "model %s on %s; %d windows of %d patients; batch %d, max wait %d ms;"
            + " Flink parallelism %d, %d in flight per subtask%n", model, device, windows, patients, batchSize,
        maxWaitMillis, parallelism, inFlightPerSubtask));
    out.append(String.format(Locale.ROOT, "machine: %d CPUs, JVM max heap %,d MiB, Java %s%n%n", cpus(), maxHeapMiB(),
        System.getProperty("java.version")));
    out.append(String.format(Locale.ROOT, "%-22s %10s %8s %8s %9s %9s %9s %10s %9s%n", "path", "windows/s", "labels",
        "lost", "p50 ms", "p95 ms", "p99 ms", "mean batch", "start-up"));
    out.append(row("plain ONNX Runtime loop", plain, plain.batchSizes().meanSize(), "-"));
    PathResult o = operator.path();
    out.append(row("Flink operator", o, operator.meanBatch(), String.format(Locale.ROOT, "%.2f s", o.startupSeconds())));
    out.append(row("Flink from frames", f, flink.meanBatch(), String.format(Locale.ROOT, "%.2f s", f.startupSeconds())));
    out.append(String.format(Locale.ROOT, "%nwindow preprocessing alone (outside the plain and operator figures, inside"
        + " 'from frames'): %.1f windows/s on one thread%n", preprocessWindowsPerSecond()));
    out.append(String.format(Locale.ROOT, "rounds (windows/s, in run order; the median round of each path is shown above):"
        + " plain %s; operator %s%n", rates(plainRunsPerSecond), rates(operatorRunsPerSecond)));
    out.append(String.format(Locale.ROOT, "ratio Flink operator / plain: %.2fx (target >= %.1fx: %s)%n", ratio(),
        TARGET_RATIO, ratio() >= TARGET_RATIO ? "met" : "NOT met"));
    out.append(String.format(Locale.ROOT, "ratio Flink from frames / plain: %.2fx (window preparation included)%n",
        framesRatio()));
    out.append("batches by size, plain: ").append(buckets(plain.batchSizes().buckets())).append('\n');
    out.append("batches by size, Flink operator: ").append(buckets(o.batchSizes().buckets()))
        .append(String.format(Locale.ROOT, " (sampled; in all %d ONNX calls)%n", operator.onnxBatches()));
    out.append("batches by size, Flink from frames: ").append(buckets(f.batchSizes().buckets()))
        .append(String.format(Locale.ROOT, " (sampled; in all %d ONNX calls, largest in this JVM %d)%n",
            flink.onnxBatches(), flink.largestBatch()));
    out.append("latency: plain = its batch's ONNX call plus scoring; Flink = queue wait plus batch, per window,"
        + " over the last 1,024 windows of each subtask\n");
    return out.toString();
  }

  private static String rates(java.util.List<Double> rates) {
    return String.join(" / ", rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
  }

  private static String row(String name, PathResult r, double meanBatch, String startup) {
    return String.format(Locale.ROOT, "%-22s %10.1f %8d %8d %9.1f %9.1f %9.1f %10.1f %9s%n", name, r.windowsPerSecond(),
        r.labels(), r.lost(), r.latency().p50Millis(), r.latency().p95Millis(), r.latency().p99Millis(), meanBatch,
        startup);
  }

  private static String buckets(Map<String, Long> buckets) {
    StringBuilder out = new StringBuilder();
    buckets.forEach((size, count) -> out.append(out.length() == 0 ? "" : ", ").append(size).append(": ").append(count));
    return out.length() == 0 ? "none" : out.toString();
  }

  /** One JSON object with settings, machine, the three paths and the ratios. */
  public String json() {
    return String.format(Locale.ROOT, "{\"model\":\"%s\",\"device\":\"%s\",\"windows\":%d,\"patients\":%d,"
            + "\"batchSize\":%d,\"maxWaitMillis\":%d,\"parallelism\":%d,\"inFlightPerSubtask\":%d,"
            + "\"machine\":{\"cpus\":%d,\"maxHeapMiB\":%d,\"java\":\"%s\"},"
            + "\"preprocessWindowsPerSecond\":%s,\"plain\":%s,\"operator\":%s,\"flink\":%s,\"ratio\":%s,"
            + "\"framesRatio\":%s,\"targetRatio\":%s,\"plainRuns\":%s,\"operatorRuns\":%s}",
        model, device, windows, patients, batchSize, maxWaitMillis, parallelism, inFlightPerSubtask, cpus(), maxHeapMiB(),
        System.getProperty("java.version"), num(preprocessWindowsPerSecond()), pathJson(plain, plain.batchSizes().batches(), plain.batchSizes().meanSize(),
            plain.batchSizes().largest()),
        pathJson(operator.path(), operator.onnxBatches(), operator.meanBatch(), operator.largestBatch()),
        pathJson(flink.path(), flink.onnxBatches(), flink.meanBatch(), flink.largestBatch()), num(ratio()),
        num(framesRatio()), num(TARGET_RATIO), jsonRates(plainRunsPerSecond), jsonRates(operatorRunsPerSecond));
  }

  private static String pathJson(PathResult r, long batches, double meanBatch, long largest) {
    StringBuilder buckets = new StringBuilder();
    r.batchSizes().buckets().forEach((size, count) ->
        buckets.append(buckets.length() == 0 ? "" : ",").append('"').append(size).append("\":").append(count));
    return String.format(Locale.ROOT, "{\"windowsPerSecond\":%s,\"labels\":%d,\"lost\":%d,\"seconds\":%s,"
            + "\"startupSeconds\":%s,\"latencyMillis\":{\"p50\":%s,\"p95\":%s,\"p99\":%s,\"samples\":%d},"
            + "\"onnxBatches\":%d,\"meanBatch\":%s,\"largestBatch\":%d,\"batchesBySize\":{%s}}",
        num(r.windowsPerSecond()), r.labels(), r.lost(), num(r.seconds()), num(r.startupSeconds()),
        num(r.latency().p50Millis()), num(r.latency().p95Millis()), num(r.latency().p99Millis()), r.latency().samples(),
        batches, num(meanBatch), largest, buckets);
  }

  private static String jsonRates(java.util.List<Double> rates) {
    return "[" + String.join(",", rates.stream().map(InferenceBenchReport::num).toList()) + "]";
  }

  /** A JSON number, or null for NaN (JSON has no NaN). */
  private static String num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
  }
}
