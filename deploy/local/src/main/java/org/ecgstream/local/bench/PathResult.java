package org.ecgstream.local.bench;

/**
 * What one path measured.
 *
 * @param windows windows offered
 * @param labels windows that got a label
 * @param lost windows shed or unlabelled (Flink path only)
 * @param seconds timed span: the whole loop (plain) or first to last label (Flink)
 * @param startupSeconds Flink only: job submission to the first label (NaN for the plain loop)
 * @param latency per-window latency: its batch's call (plain), queue wait plus batch (Flink)
 * @param batchSizes ONNX Runtime calls by batch size
 */
public record PathResult(long windows, long labels, long lost, double seconds, double startupSeconds,
    LatencyQuantiles latency, BatchSizeDistribution batchSizes) {

  /** Labelled windows per second over the timed span; the Flink span starts at the first label. */
  public double windowsPerSecond() {
    long counted = Double.isNaN(startupSeconds) ? labels : labels - 1;
    return seconds > 0 && counted > 0 ? counted / seconds : 0;
  }
}
