package org.ecgstream.trainer.train;

/**
 * A batch as flat arrays, ready to become tensors: signals (B, L, T), which leads were recorded and
 * which the encoder may see (B, L), the patch mask (B, N); for a paired batch also the report shown
 * with each ECG (ids and attention (B, Lt)), its masked-language copy and targets, and whether the
 * report is the ECG's own (match, (B)).
 */
public record PretrainingBatch(
    int size,
    float[] signals,
    float[] leadsRecorded,
    float[] leadsShown,
    float[] patchMask,
    long[] reportIds,
    float[] reportAttention,
    long[] maskedReportIds,
    float[] languageMask,
    float[] match) {

  public boolean paired() {
    return reportIds != null;
  }
}
